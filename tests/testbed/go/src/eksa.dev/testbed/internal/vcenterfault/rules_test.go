package vcenterfault

import "testing"

func TestNthAndTimes(t *testing.T) {
	s := NewSet()
	if _, err := s.Add(Rule{Method: "CloneVM_Task", Nth: 2, Times: 2, Fault: "TaskInProgress"}); err != nil {
		t.Fatal(err)
	}
	var got []bool
	for i := 0; i < 5; i++ {
		_, hit := s.Check("CloneVM_Task", "vm-1", nil)
		got = append(got, hit)
	}
	want := []bool{false, true, true, false, false}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("call %d: got %v want %v", i+1, got, want)
		}
	}
	if r := s.Rules()[0]; !r.Spent || r.Seen != 5 || r.Fired != 2 {
		t.Fatalf("%+v", r)
	}
}

func TestFiltersAndValidation(t *testing.T) {
	s := NewSet()
	s.Add(Rule{Method: "PowerOnVM_Task", Fault: "InvalidPowerState", Mode: "task", This: "vm-9"})
	s.Add(Rule{Method: "CloneVM_Task", Fault: "close", Match: "<name>x1</name>"})
	if _, hit := s.Check("PowerOnVM_Task", "vm-1", nil); hit {
		t.Fatal("this filter")
	}
	if r, hit := s.Check("PowerOnVM_Task", "vm-9", nil); !hit || r.Mode != ModeTask {
		t.Fatal("this filter hit")
	}
	if _, hit := s.Check("CloneVM_Task", "vm-1", []byte("<name>x2</name>")); hit {
		t.Fatal("match filter")
	}
	if _, hit := s.Check("CloneVM_Task", "vm-1", []byte("<name>x1</name>")); !hit {
		t.Fatal("match filter hit")
	}
	for _, bad := range []Rule{
		{Method: "Login", Fault: "Bogus"},
		{Method: "Login", Fault: "InvalidLogin", Mode: "task"},
		{Method: "CloneVM_Task", Fault: "http:503", Mode: "task"},
		{Fault: "InvalidLogin"},
	} {
		if _, err := s.Add(bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	r, err := ParseFlag("CloneVM_Task:3:http:503")
	if err != nil || r.Nth != 3 || r.Fault != "http:503" {
		t.Fatalf("%+v %v", r, err)
	}
	if st, ok := r.HTTPStatus(); !ok || st != 503 {
		t.Fatal("HTTPStatus")
	}
	r, err = ParseFlag("PowerOnVM_Task:1:InvalidPowerState:task")
	if err != nil || r.Mode != "task" {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestDelays(t *testing.T) {
	s := NewSet()
	s.SetDelay("*", 5)
	s.SetDelay("CloneVM_Task", 100)
	if s.Delay("CloneVM_Task") != 105 || s.Delay("Login") != 5 {
		t.Fatal(s.Delays())
	}
	s.SetDelay("CloneVM_Task", 0)
	if s.Delay("CloneVM_Task") != 5 {
		t.Fatal("remove")
	}
	m, err := ParseMethodDelays("A:1, B:2")
	if err != nil || m["A"] != 1 || m["B"] != 2 {
		t.Fatal(m, err)
	}
}
