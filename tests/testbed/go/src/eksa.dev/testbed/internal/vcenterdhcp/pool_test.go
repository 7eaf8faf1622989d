package vcenterdhcp

import "testing"

func TestParseRejectsNonLoopbackAndBadOrder(t *testing.T) {
	for _, spec := range []string{"10.0.0.1-10.0.0.9", "127.0.0.9-127.0.0.1", "127.0.0.1", "x-y"} {
		if _, err := Parse(spec); err == nil {
			t.Errorf("Parse(%q) accepted", spec)
		}
	}
}

func TestLeaseIsStableUniqueAndNextFit(t *testing.T) {
	p, err := Parse("127.0.100.1-127.0.100.3")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := p.Lease("vm-1")
	b, _ := p.Lease("vm-2")
	if a != "127.0.100.1" || b != "127.0.100.2" {
		t.Fatalf("got %s %s", a, b)
	}
	if again, _ := p.Lease("vm-1"); again != a {
		t.Fatalf("lease not stable: %s then %s", a, again)
	}
	p.Release("vm-1")
	c, _ := p.Lease("vm-3")
	if c != "127.0.100.3" {
		t.Fatalf("next-fit: got %s, want 127.0.100.3", c)
	}
	d, _ := p.Lease("vm-4") // wraps to the released .1
	if d != "127.0.100.1" {
		t.Fatalf("wrap: got %s", d)
	}
	if _, err := p.Lease("vm-5"); err != ErrExhausted {
		t.Fatalf("want ErrExhausted, got %v", err)
	}
	if !p.Contains("127.0.100.2") || p.Contains("127.0.100.4") {
		t.Fatal("Contains")
	}
}
