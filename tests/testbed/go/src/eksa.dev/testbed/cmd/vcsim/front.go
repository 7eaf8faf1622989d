package main

import (
	"bytes"
	"fmt"
	"io/ioutil"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"

	"eksa.dev/testbed/internal/vcenterfault"
	"eksa.dev/testbed/internal/vcentersoap"
)

// front sits before the simulator's mux: for SOAP calls (/sdk, and SPBM's /pbm) it counts the call, applies
// the delays, and fails it when a fault rule fires; the REST login checks the credentials
// (vcsim's REST accepts any). Everything else goes straight to the simulator.
type front struct {
	next       http.Handler
	rules      *vcenterfault.Set
	user, pass string

	mu    sync.Mutex
	calls map[string]int64
}

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && (r.URL.Path == "/sdk" || r.URL.Path == "/sdk/vimService" || r.URL.Path == "/pbm" || r.URL.Path == "/pbm/sdk"):
		f.serveSDK(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/rest/com/vmware/cis/session" && r.URL.Query().Get("~action") == "":
		if u, p, ok := r.BasicAuth(); ok && (u != f.user || p != f.pass) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"type":"com.vmware.vapi.std.errors.unauthenticated","value":{"messages":[{"args":[],"default_message":"Authentication required.","id":"com.vmware.vapi.endpoint.method.authentication.required"}]}}`)
			return
		}
		f.next.ServeHTTP(w, r)
	default:
		f.next.ServeHTTP(w, r)
	}
}

func (f *front) serveSDK(w http.ResponseWriter, r *http.Request) {
	body, err := ioutil.ReadAll(http.MaxBytesReader(w, r.Body, 64<<20))
	if err != nil {
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return
	}
	if req, err := vcentersoap.Sniff(body); err == nil {
		f.count(req.Method)
		if ms := f.rules.Delay(req.Method); ms > 0 {
			select {
			case <-time.After(time.Duration(ms) * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
		if rule, hit := f.rules.Check(req.Method, req.This, body); hit {
			f.inject(w, req, rule)
			return
		}
		if req.Method == "Login" && (req.UserName != f.user || req.Password != f.pass) {
			// vcsim would say "Login failure"; this is vCenter's text
			_ = vcentersoap.WriteFault(w, "Cannot complete login due to an incorrect user name or password.", &types.InvalidLogin{})
			return
		}
		if req.Method == "CloneVM_Task" {
			f.serveClone(w, r, req, body)
			return
		}
	}
	f.forward(w, r, body)
}

// forward hands the call (its body already read) to the simulator.
func (f *front) forward(w http.ResponseWriter, r *http.Request, body []byte) {
	r.Body = ioutil.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	f.next.ServeHTTP(w, r)
}

func (f *front) count(method string) {
	f.mu.Lock()
	f.calls[method]++
	f.mu.Unlock()
}

func (f *front) callCounts() map[string]int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int64, len(f.calls))
	for k, v := range f.calls {
		out[k] = v
	}
	return out
}

// inject answers the call as rule says instead of running it.
func (f *front) inject(w http.ResponseWriter, req vcentersoap.Request, rule vcenterfault.Rule) {
	log.Printf("fault rule %d: %s (this=%s) call %d -> %s (%s)", rule.ID, req.Method, req.This, rule.Seen, rule.Fault, rule.Mode)
	if rule.Fault == vcenterfault.FaultClose {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // fallback: net/http aborts the connection
	}
	if status, ok := rule.HTTPStatus(); ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Connection", "close")
		w.WriteHeader(status)
		fmt.Fprintf(w, "%d %s\n", status, http.StatusText(status))
		return
	}

	this := req.Ref()
	entity := simulator.Map.Get(this)
	fc := vcentersoap.FaultContext{Req: req, Privilege: rule.Privilege}
	if vm, ok := entity.(*simulator.VirtualMachine); ok {
		simulator.Map.WithLock(this, func() { fc.PowerState = string(vm.Runtime.PowerState) })
	}
	if rule.Fault == "TaskInProgress" && entity != nil {
		// the "task in progress" is a real (already finished) task on the same object
		busy := simulator.CreateTask(entity, "testbedBusyTask", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
			return nil, nil
		})
		ref := busy.Run()
		fc.Task = &ref
	}
	fault, text, err := vcentersoap.BuildFault(rule.Fault, rule.Message, fc)
	if err != nil { // validated when the rule was added; keep the client informed anyway
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if rule.Mode == vcenterfault.ModeTask {
		f.taskError(w, req, fault, text)
		return
	}
	if err := vcentersoap.WriteFault(w, text, fault); err != nil {
		log.Printf("fault rule %d: %v", rule.ID, err)
	}
}

// taskError answers a *_Task call with a new task on _this that is already in state error
// with info.error = fault (ManagedObjectNotFound when _this does not exist).
func (f *front) taskError(w http.ResponseWriter, req vcentersoap.Request, fault types.BaseMethodFault, text string) {
	entity := simulator.Map.Get(req.Ref())
	if entity == nil {
		nf, nfText, _ := vcentersoap.BuildFault("ManagedObjectNotFound", "", vcentersoap.FaultContext{Req: req})
		_ = vcentersoap.WriteFault(w, nfText, nf)
		return
	}
	task := simulator.CreateTask(entity, strings.TrimSuffix(req.Method, "_Task")+"Task",
		func(*simulator.Task) (types.AnyType, types.BaseMethodFault) { return nil, fault })
	ref := task.Run()
	// vCenter's info.error.localizedMessage is the fault's text (vcsim puts the Go type there)
	simulator.Map.Update(task, []types.PropertyChange{{Name: "info.error",
		Val: types.LocalizedMethodFault{Fault: fault, LocalizedMessage: text}}})
	vcentersoap.WriteTaskReturn(w, req.Method, ref)
}
