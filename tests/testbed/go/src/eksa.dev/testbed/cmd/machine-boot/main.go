// Command machine-boot simulates a VM's first boot for the testbed's vCenter
// (tests/testbed/docs/machine-boot.md):
//
//	machine-boot up --state DIR --name VM --ip IP --userdata FILE [--metadata FILE] [--hosts FILE] [--timeout D]
//	machine-boot down --state DIR       power-off: stop the processes, keep the data
//	machine-boot destroy --state DIR    stop and remove DIR
//	machine-boot status --state DIR     print DIR/status
//
// up returns once the machine is ready (exit 0) or its boot failed (exit 1); DIR/status says
// booting | ready | failed: <reason> | off. The etcd and kube-apiserver it starts run detached
// and outlive it. Binaries: $EKSA_TESTBED_ETCD and $EKSA_TESTBED_KUBE_APISERVER, taken from
// $EKSA_TESTBED_DIR/env when not in the environment, else etcd / kube-apiserver on PATH. Logs go
// to stdout/stderr.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"eksa.dev/testbed/internal/boot"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	sub := os.Args[1]
	fs := flag.NewFlagSet(sub, flag.ExitOnError)
	var o boot.Options
	fs.StringVar(&o.StateDir, "state", "", "the machine's state directory")
	if sub == "up" {
		fs.StringVar(&o.Name, "name", "", "VM name")
		fs.StringVar(&o.IP, "ip", "", "the machine's IP (127.x)")
		fs.StringVar(&o.UserData, "userdata", "", "file holding the decoded guestinfo.userdata")
		fs.StringVar(&o.Metadata, "metadata", "", "file holding the decoded guestinfo.metadata (optional)")
		fs.StringVar(&o.HostsFile, "hosts", "", "hosts file (IP name...) resolving machine names in endpoints (optional)")
		fs.DurationVar(&o.Timeout, "timeout", 5*time.Minute, "give up the boot after this long")
	}
	_ = fs.Parse(os.Args[2:])
	if o.StateDir == "" || fs.NArg() != 0 {
		usage()
	}
	name := o.Name
	if name == "" {
		name = o.StateDir
	}
	o.Log = log.New(os.Stderr, "machine-boot "+name+": ", log.LstdFlags|log.Lmicroseconds)
	var err error
	switch sub {
	case "up":
		if err = boot.UseTestbedEnv(); err == nil {
			err = boot.Up(o)
		}
	case "down":
		err = boot.Down(o.StateDir)
	case "destroy":
		err = boot.Destroy(o.StateDir)
	case "status":
		fmt.Println(boot.State{Dir: o.StateDir}.Status())
	default:
		usage()
	}
	if err != nil {
		o.Log.Printf("%s: %v", sub, err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: machine-boot up --state DIR --name VM --ip IP --userdata FILE [--metadata FILE] [--hosts FILE] [--timeout D]\n"+
		"       machine-boot down|destroy|status --state DIR")
	os.Exit(2)
}
