// Package vcenterdhcp hands out guest IPs to simulated VMs, the way a DHCP server on the VM
// network would: one address per VM (keyed by its moid) from a fixed IPv4 range inside
// 127.0.0.0/8. A VM keeps its lease across power cycles (a reservation) until Release (destroy).
// No address is ever leased to two keys at once. Allocation is next-fit, so a released address
// is reused only after the rest of the range has been handed out.
package vcenterdhcp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
)

// ErrExhausted is returned by Lease when every address of the range is leased.
var ErrExhausted = errors.New("dhcp: address range exhausted")

// Pool is safe for concurrent use.
type Pool struct {
	mu          sync.Mutex
	first, last uint32
	next        uint32
	byKey       map[string]uint32
	byAddr      map[uint32]string
}

// Parse reads "FIRST-LAST" (e.g. "127.0.100.1-127.0.199.254"); both ends are inclusive and
// must be IPv4 loopback addresses (127.0.0.0/8) with FIRST <= LAST.
func Parse(spec string) (*Pool, error) {
	parts := strings.SplitN(spec, "-", 2)
	if len(parts) != 2 {
		return nil, fmt.Errorf("dhcp range %q: want FIRST-LAST", spec)
	}
	first, err := loopback4(parts[0])
	if err != nil {
		return nil, fmt.Errorf("dhcp range %q: %v", spec, err)
	}
	last, err := loopback4(parts[1])
	if err != nil {
		return nil, fmt.Errorf("dhcp range %q: %v", spec, err)
	}
	if first > last {
		return nil, fmt.Errorf("dhcp range %q: first address is after the last", spec)
	}
	return &Pool{first: first, last: last, next: first,
		byKey: map[string]uint32{}, byAddr: map[uint32]string{}}, nil
}

func loopback4(s string) (uint32, error) {
	ip := net.ParseIP(strings.TrimSpace(s)).To4()
	if ip == nil {
		return 0, fmt.Errorf("%q is not an IPv4 address", s)
	}
	if ip[0] != 127 {
		return 0, fmt.Errorf("%s is not in 127.0.0.0/8 (the testbed is loopback only)", ip)
	}
	return binary.BigEndian.Uint32(ip), nil
}

func format(a uint32) string {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], a)
	return net.IP(b[:]).String()
}

// Lease returns key's address, allocating one on first use.
func (p *Pool) Lease(key string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.byKey[key]; ok {
		return format(a), nil
	}
	size := uint64(p.last-p.first) + 1
	a := p.next
	for i := uint64(0); i < size; i++ {
		if _, taken := p.byAddr[a]; !taken {
			p.byKey[key], p.byAddr[a] = a, key
			p.next = a + 1
			if a == p.last {
				p.next = p.first
			}
			return format(a), nil
		}
		if a == p.last {
			a = p.first
		} else {
			a++
		}
	}
	return "", ErrExhausted
}

// Lookup returns key's address without allocating.
func (p *Pool) Lookup(key string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.byKey[key]
	if !ok {
		return "", false
	}
	return format(a), true
}

// Release frees key's address (no-op when key holds none).
func (p *Pool) Release(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.byKey[key]; ok {
		delete(p.byKey, key)
		delete(p.byAddr, a)
	}
}

// Range returns the range as given to Parse (normalised).
func (p *Pool) Range() string { return format(p.first) + "-" + format(p.last) }

// Contains reports whether ip lies inside the range.
func (p *Pool) Contains(ip string) bool {
	a, err := loopback4(ip)
	return err == nil && a >= p.first && a <= p.last
}

// Leases returns key -> address for every live lease.
func (p *Pool) Leases() map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]string, len(p.byKey))
	for k, a := range p.byKey {
		out[k] = format(a)
	}
	return out
}
