// Package vcenterfault holds the testbed vCenter's runtime fault-injection rules and per-method
// delays. It only decides; the SOAP front end (cmd/vcsim) renders what a rule asks for.
//
// Rule semantics: a rule counts the calls of its method (optionally only those whose _this is
// This, and whose raw request body contains Match) from the moment it is added. Calls number
// Nth .. Nth+Times-1 fail with Fault (Times < 0: every call from the Nth on); afterwards the rule
// is spent (it still counts calls) and stays listed until deleted. Every rule counts every matching call, and the first
// rule (by id) that fires decides the call's fate.
package vcenterfault

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"eksa.dev/testbed/internal/vcentersoap"
)

// Fault kinds that are not vim25 faults:
//
//	"close"     the server closes the connection without answering (client sees EOF/reset)
//	"http:NNN"  the server answers with HTTP status NNN (400-599) and a plain-text body, as a
//	            proxy in front of vpxd does (e.g. http:503 while vpxd restarts)
const FaultClose = "close"

var httpFault = regexp.MustCompile(`^http:([45][0-9][0-9])$`)

// Mode of a *_Task fault: the method call itself faults, or it returns a Task that is already
// in state error with info.error = the fault (how vCenter reports most runtime failures).
const (
	ModeMethod = "method"
	ModeTask   = "task"
)

// Rule is one fault-injection rule (also its JSON form in the control API).
type Rule struct {
	ID        int    `json:"id"`
	Method    string `json:"method"`
	Nth       int    `json:"nth"`
	Times     int    `json:"times"`
	Fault     string `json:"fault"`
	Mode      string `json:"mode"`
	This      string `json:"this,omitempty"`
	Match     string `json:"match,omitempty"`
	Message   string `json:"message,omitempty"`
	Privilege string `json:"privilege,omitempty"`
	Seen      int    `json:"seen"`  // matching calls since the rule was added
	Fired     int    `json:"fired"` // calls it failed
	Spent     bool   `json:"spent"`
}

// HTTPStatus returns NNN for an "http:NNN" fault.
func (r Rule) HTTPStatus() (int, bool) {
	m := httpFault.FindStringSubmatch(r.Fault)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, true
}

// normalize fills defaults and validates.
func (r *Rule) normalize() error {
	if r.Method == "" {
		return fmt.Errorf("rule: method is required")
	}
	if r.Nth == 0 {
		r.Nth = 1
	}
	if r.Nth < 1 {
		return fmt.Errorf("rule: nth must be >= 1")
	}
	if r.Times == 0 {
		r.Times = 1
	}
	if r.Mode == "" {
		r.Mode = ModeMethod
	}
	switch r.Mode {
	case ModeMethod:
	case ModeTask:
		if !strings.HasSuffix(r.Method, "_Task") {
			return fmt.Errorf("rule: mode task needs a *_Task method, not %s", r.Method)
		}
	default:
		return fmt.Errorf("rule: mode must be %q or %q", ModeMethod, ModeTask)
	}
	_, isHTTP := r.HTTPStatus()
	switch {
	case r.Fault == FaultClose || isHTTP:
		if r.Mode == ModeTask {
			return fmt.Errorf("rule: %s is a transport fault; it cannot be a task error", r.Fault)
		}
	case vcentersoap.KnownFault(r.Fault):
	default:
		return fmt.Errorf("rule: unknown fault %q (a vim25 fault type such as InvalidPowerState, or close, or http:NNN)", r.Fault)
	}
	r.Seen, r.Fired, r.Spent = 0, 0, false
	return nil
}

// Set is the list of rules plus the delays; safe for concurrent use.
type Set struct {
	mu     sync.Mutex
	nextID int
	rules  []*Rule
	delays map[string]int // method (or "*") -> ms
}

func NewSet() *Set { return &Set{nextID: 1, delays: map[string]int{}} }

// Add validates r, assigns its id and returns the stored copy.
func (s *Set) Add(r Rule) (Rule, error) {
	if err := r.normalize(); err != nil {
		return Rule{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r.ID = s.nextID
	s.nextID++
	s.rules = append(s.rules, &r)
	return r, nil
}

// ParseFlag reads "METHOD:NTH:FAULT[:task]" (the -fault flag).
func ParseFlag(v string) (Rule, error) {
	p := strings.Split(v, ":")
	// http:503 contains a colon of its own
	if len(p) >= 4 && p[2] == "http" {
		p = append(p[:2], append([]string{p[2] + ":" + p[3]}, p[4:]...)...)
	}
	if len(p) < 3 || len(p) > 4 {
		return Rule{}, fmt.Errorf("-fault %q: want METHOD:NTH:FAULT[:task]", v)
	}
	n, err := strconv.Atoi(p[1])
	if err != nil {
		return Rule{}, fmt.Errorf("-fault %q: bad NTH", v)
	}
	r := Rule{Method: p[0], Nth: n, Fault: p[2]}
	if len(p) == 4 {
		r.Mode = p[3]
	}
	return r, nil
}

// Delete removes rule id; false when there is none.
func (s *Set) Delete(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.rules {
		if r.ID == id {
			s.rules = append(s.rules[:i], s.rules[i+1:]...)
			return true
		}
	}
	return false
}

// Clear removes every rule.
func (s *Set) Clear() {
	s.mu.Lock()
	s.rules = nil
	s.mu.Unlock()
}

// Rules returns copies of all rules, by id.
func (s *Set) Rules() []Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rule, 0, len(s.rules))
	for _, r := range s.rules {
		out = append(out, *r)
	}
	return out
}

// Check counts one call and returns the rule that fails it, if any.
func (s *Set) Check(method, this string, body []byte) (Rule, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var hit *Rule
	for _, r := range s.rules {
		if r.Method != method || (r.This != "" && r.This != this) ||
			(r.Match != "" && !bytes.Contains(body, []byte(r.Match))) {
			continue
		}
		r.Seen++
		if hit == nil && !r.Spent && r.Seen >= r.Nth {
			r.Fired++
			if r.Times > 0 && r.Fired >= r.Times {
				r.Spent = true
			}
			hit = r
		}
	}
	if hit == nil {
		return Rule{}, false
	}
	return *hit, true
}

// SetDelay sets method's delay in ms ("*" = every method; 0 removes it).
func (s *Set) SetDelay(method string, ms int) error {
	if method == "" || ms < 0 {
		return fmt.Errorf("delay: want a method (or \"*\") and ms >= 0")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ms == 0 {
		delete(s.delays, method)
	} else {
		s.delays[method] = ms
	}
	return nil
}

// ClearDelays removes every delay.
func (s *Set) ClearDelays() {
	s.mu.Lock()
	s.delays = map[string]int{}
	s.mu.Unlock()
}

// Delays returns a copy of the delay table.
func (s *Set) Delays() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.delays))
	for k, v := range s.delays {
		out[k] = v
	}
	return out
}

// Delay returns the ms to wait before serving method: "*" plus the method's own.
func (s *Set) Delay(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delays["*"] + s.delays[method]
}

// ParseMethodDelays reads "M1:ms,M2:ms" (the -method-delay flag).
func ParseMethodDelays(v string) (map[string]int, error) {
	out := map[string]int{}
	if strings.TrimSpace(v) == "" {
		return out, nil
	}
	for _, kv := range strings.Split(v, ",") {
		p := strings.SplitN(strings.TrimSpace(kv), ":", 2)
		if len(p) != 2 {
			return nil, fmt.Errorf("-method-delay entry %q: want METHOD:MS", kv)
		}
		ms, err := strconv.Atoi(p[1])
		if err != nil || ms < 0 {
			return nil, fmt.Errorf("-method-delay entry %q: bad MS", kv)
		}
		out[p[0]] = ms
	}
	return out, nil
}
