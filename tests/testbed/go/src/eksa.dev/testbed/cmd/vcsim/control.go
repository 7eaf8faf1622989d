package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"eksa.dev/testbed/internal/vcenterdhcp"
	"eksa.dev/testbed/internal/vcenterfault"
	"eksa.dev/testbed/internal/vcentervm"
)

// control is the plain-HTTP control API on its own loopback port (docs/vcenter.md, "Control
// API"): fault rules, delays, call counts, VMs and DHCP leases. JSON in and out.
type control struct {
	rules *vcenterfault.Set
	front *front
	vms   *vcentervm.Manager
	pool  *vcenterdhcp.Pool
}

func (c *control) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case path == "/healthz" && r.Method == http.MethodGet:
		reply(w, http.StatusOK, map[string]string{"status": "ok"})
	case path == "/faults":
		c.faults(w, r)
	case strings.HasPrefix(path, "/faults/") && r.Method == http.MethodDelete:
		id, err := strconv.Atoi(strings.TrimPrefix(path, "/faults/"))
		if err != nil || !c.rules.Delete(id) {
			fail(w, http.StatusNotFound, fmt.Errorf("no fault rule %q", strings.TrimPrefix(path, "/faults/")))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case path == "/delays":
		c.delays(w, r)
	case path == "/calls" && r.Method == http.MethodGet:
		reply(w, http.StatusOK, c.front.callCounts())
	case path == "/vms" && r.Method == http.MethodGet:
		q := r.URL.Query()
		reply(w, http.StatusOK, c.vms.List(func(name, moid string) bool {
			return (q.Get("name") == "" || q.Get("name") == name) &&
				(q.Get("moid") == "" || q.Get("moid") == moid) &&
				strings.HasPrefix(name, q.Get("prefix"))
		}))
	case path == "/dhcp" && r.Method == http.MethodGet:
		reply(w, http.StatusOK, map[string]interface{}{"range": c.pool.Range(), "leases": c.pool.Leases()})
	default:
		fail(w, http.StatusNotFound, fmt.Errorf("no route %s %s", r.Method, r.URL.Path))
	}
}

func (c *control) faults(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		reply(w, http.StatusOK, c.rules.Rules())
	case http.MethodPost:
		var rule vcenterfault.Rule
		if err := decode(r, &rule); err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
		stored, err := c.rules.Add(rule)
		if err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
		reply(w, http.StatusCreated, stored)
	case http.MethodDelete:
		c.rules.Clear()
		w.WriteHeader(http.StatusNoContent)
	default:
		fail(w, http.StatusMethodNotAllowed, fmt.Errorf("%s /faults", r.Method))
	}
}

func (c *control) delays(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		reply(w, http.StatusOK, c.rules.Delays())
	case http.MethodPost:
		var d struct {
			Method string `json:"method"`
			MS     *int   `json:"ms"`
		}
		if err := decode(r, &d); err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
		if d.MS == nil {
			fail(w, http.StatusBadRequest, fmt.Errorf("delay: ms is required"))
			return
		}
		if err := c.rules.SetDelay(d.Method, *d.MS); err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
		reply(w, http.StatusOK, c.rules.Delays())
	case http.MethodDelete:
		c.rules.ClearDelays()
		w.WriteHeader(http.StatusNoContent)
	default:
		fail(w, http.StatusMethodNotAllowed, fmt.Errorf("%s /delays", r.Method))
	}
}

func decode(r *http.Request, v interface{}) error {
	d := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("bad JSON body: %v", err)
	}
	return nil
}

func reply(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	e.SetEscapeHTML(false)
	_ = e.Encode(v)
}

func fail(w http.ResponseWriter, status int, err error) {
	reply(w, status, map[string]string{"error": err.Error()})
}
