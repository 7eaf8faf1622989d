// Package cli parses command lines the way the real tools' cobra/pflag front ends do, for the
// stand-ins of kind, clusterctl and flux: "--flag value", "--flag=value", "-f value", "-fvalue",
// boolean "--flag" / "--flag=false", repeatable string-slice flags that also split on commas,
// and "--" ending the flags. Flags may appear before, between or after positional arguments.
// Errors read as pflag's ("unknown flag: --x", "flag needs an argument: --x").
package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

type kind int

const (
	kString kind = iota
	kBool
	kSlice
	kDuration
	kInt
)

type flag struct {
	name, short string
	kind        kind
	str         *string
	b           *bool
	slice       *[]string
	dur         *time.Duration
	i           *int
	set         bool
}

// FlagSet is one command's flags.
type FlagSet struct {
	flags []*flag
}

func (fs *FlagSet) add(f *flag) { fs.flags = append(fs.flags, f) }

// String defines a string flag; short may be "".
func (fs *FlagSet) String(name, short, def string) *string {
	p := new(string)
	*p = def
	fs.add(&flag{name: name, short: short, kind: kString, str: p})
	return p
}

// Bool defines a boolean flag.
func (fs *FlagSet) Bool(name, short string, def bool) *bool {
	p := new(bool)
	*p = def
	fs.add(&flag{name: name, short: short, kind: kBool, b: p})
	return p
}

// Slice defines a repeatable flag whose values are also split on commas.
func (fs *FlagSet) Slice(name, short string) *[]string {
	p := new([]string)
	fs.add(&flag{name: name, short: short, kind: kSlice, slice: p})
	return p
}

// Duration defines a duration flag ("30s", "5m"; a bare number is rejected, as pflag does).
func (fs *FlagSet) Duration(name, short string, def time.Duration) *time.Duration {
	p := new(time.Duration)
	*p = def
	fs.add(&flag{name: name, short: short, kind: kDuration, dur: p})
	return p
}

// Int defines an integer flag.
func (fs *FlagSet) Int(name, short string, def int) *int {
	p := new(int)
	*p = def
	fs.add(&flag{name: name, short: short, kind: kInt, i: p})
	return p
}

// Changed reports whether the flag was given on the command line.
func (fs *FlagSet) Changed(name string) bool {
	for _, f := range fs.flags {
		if f.name == name {
			return f.set
		}
	}
	return false
}

func (fs *FlagSet) lookup(name string) *flag {
	for _, f := range fs.flags {
		if f.name == name {
			return f
		}
	}
	return nil
}

func (fs *FlagSet) lookupShort(s string) *flag {
	for _, f := range fs.flags {
		if f.short != "" && f.short == s {
			return f
		}
	}
	return nil
}

func (f *flag) assign(v string) error {
	f.set = true
	switch f.kind {
	case kString:
		*f.str = v
	case kBool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("invalid argument %q for \"--%s\" flag: %v", v, f.name, err)
		}
		*f.b = b
	case kSlice:
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				*f.slice = append(*f.slice, part)
			}
		}
	case kDuration:
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("invalid argument %q for \"--%s\" flag: %v", v, f.name, err)
		}
		*f.dur = d
	case kInt:
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("invalid argument %q for \"--%s\" flag: %v", v, f.name, err)
		}
		*f.i = n
	}
	return nil
}

// Parse consumes args and returns the positional arguments.
func (fs *FlagSet) Parse(args []string) ([]string, error) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(pos, args[i+1:]...), nil
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			f := fs.lookup(name)
			if f == nil {
				return nil, fmt.Errorf("unknown flag: --%s", name)
			}
			if !hasVal {
				if f.kind == kBool {
					val = "true"
				} else {
					if i+1 >= len(args) {
						return nil, fmt.Errorf("flag needs an argument: --%s", name)
					}
					i++
					val = args[i]
				}
			}
			if err := f.assign(val); err != nil {
				return nil, err
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			s := a[1:2]
			f := fs.lookupShort(s)
			if f == nil {
				return nil, fmt.Errorf("unknown shorthand flag: '%s' in %s", s, a)
			}
			rest := a[2:]
			if f.kind == kBool {
				val := "true"
				if strings.HasPrefix(rest, "=") {
					val = rest[1:]
				}
				if err := f.assign(val); err != nil {
					return nil, err
				}
				continue
			}
			rest = strings.TrimPrefix(rest, "=")
			if rest == "" {
				if i+1 >= len(args) {
					return nil, fmt.Errorf("flag needs an argument: '%s' in -%s", s, s)
				}
				i++
				rest = args[i]
			}
			if err := f.assign(rest); err != nil {
				return nil, err
			}
		default:
			pos = append(pos, a)
		}
	}
	return pos, nil
}
