package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"

	"eksa.dev/testbed/internal/vcentersoap"
)

// Three CloneVM_Task behaviours of vCenter that vcsim lacks, so that a client relying on the
// vcsim quirks fails here as it would against vCenter:
//   - a clone whose name already names a VM in the target folder fails (the task ends in error
//     with DuplicateName; vcsim would create a second VM of that name);
//   - CloneSpec.config.numCPUs and memoryMB size the clone (vcsim copies the source's);
//   - CloneSpec.powerOn=true powers the clone on before the task completes (vcsim ignores it).

type cloneRequest struct {
	Body struct {
		Clone struct {
			Folder string `xml:"folder"`
			Name   string `xml:"name"`
			Spec   struct {
				PowerOn bool `xml:"powerOn"`
				Config  struct {
					NumCPUs  int32 `xml:"numCPUs"`
					MemoryMB int64 `xml:"memoryMB"`
				} `xml:"config"`
			} `xml:"spec"`
		} `xml:"CloneVM_Task"`
	} `xml:"Body"`
}

// serveClone handles CloneVM_Task (the request body already read into body).
func (f *front) serveClone(w http.ResponseWriter, r *http.Request, req vcentersoap.Request, body []byte) {
	var c cloneRequest
	if err := xml.Unmarshal(body, &c); err != nil {
		f.forward(w, r, body)
		return
	}
	folder := types.ManagedObjectReference{Type: "Folder", Value: c.Body.Clone.Folder}
	if dup := vmNamed(folder, c.Body.Clone.Name); dup != nil && simulator.Map.Get(req.Ref()) != nil {
		fault := &types.DuplicateName{Name: c.Body.Clone.Name, Object: *dup}
		f.taskError(w, req, fault, fmt.Sprintf("The name '%s' already exists.", c.Body.Clone.Name))
		return
	}
	spec := c.Body.Clone.Spec
	if !spec.PowerOn && spec.Config.NumCPUs == 0 && spec.Config.MemoryMB == 0 {
		f.forward(w, r, body)
		return
	}
	rec := httptest.NewRecorder()
	f.forward(rec, r, body)
	if vm := clonedVm(rec); vm != nil {
		if spec.Config.NumCPUs != 0 || spec.Config.MemoryMB != 0 {
			sizes := ""
			if spec.Config.NumCPUs != 0 {
				sizes += fmt.Sprintf("<numCPUs>%d</numCPUs>", spec.Config.NumCPUs)
			}
			if spec.Config.MemoryMB != 0 {
				sizes += fmt.Sprintf("<memoryMB>%d</memoryMB>", spec.Config.MemoryMB)
			}
			f.callVm(r, "ReconfigVM_Task", *vm, "<spec>"+sizes+"</spec>")
		}
		if spec.PowerOn {
			f.callVm(r, "PowerOnVM_Task", *vm, "")
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// vmNamed: the VM called name among folder's children, if any.
func vmNamed(folder types.ManagedObjectReference, name string) *types.ManagedObjectReference {
	var children []types.ManagedObjectReference
	simulator.Map.WithLock(folder, func() {
		if fo, ok := simulator.Map.Get(folder).(*simulator.Folder); ok {
			children = append(children, fo.ChildEntity...)
		}
	})
	for i := range children {
		if children[i].Type != "VirtualMachine" {
			continue
		}
		if e, ok := simulator.Map.Get(children[i]).(mo.Entity); ok && e.Entity().Name == name {
			return &children[i]
		}
	}
	return nil
}

var returnvalTask = regexp.MustCompile(`<returnval type="Task">([^<]+)</returnval>`)

// clonedVm: the clone a successful CloneVM_Task response's task made, or nil.
func clonedVm(rec *httptest.ResponseRecorder) *types.ManagedObjectReference {
	if rec.Code != http.StatusOK {
		return nil
	}
	m := returnvalTask.FindSubmatch(rec.Body.Bytes())
	if m == nil {
		return nil
	}
	task, ok := simulator.Map.Get(types.ManagedObjectReference{Type: "Task", Value: string(m[1])}).(*simulator.Task)
	if !ok || task.Info.State != types.TaskInfoStateSuccess {
		return nil
	}
	vm, ok := task.Info.Result.(types.ManagedObjectReference)
	if !ok {
		return nil
	}
	return &vm
}

// callVm calls method on vm (with args, XML) through the simulator's own SOAP handler with the
// caller's session.
func (f *front) callVm(r *http.Request, method string, vm types.ManagedObjectReference, args string) {
	body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><%s xmlns="urn:vim25"><_this type="VirtualMachine">%s</_this>%s</%s></soapenv:Body></soapenv:Envelope>`, method, vm.Value, args, method)
	req, _ := http.NewRequest(http.MethodPost, "/sdk", bytes.NewReader([]byte(body)))
	req.Header = r.Header.Clone()
	req.RemoteAddr, req.TLS = r.RemoteAddr, r.TLS
	rec := httptest.NewRecorder()
	f.next.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		log.Printf("CloneVM_Task: %s on %s: HTTP %d", method, vm.Value, rec.Code)
	}
}
