package vcentersoap

import (
	"strings"
	"testing"
)

const clone = `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<CloneVM_Task xmlns="urn:vim25"><_this type="VirtualMachine"> vm-63 </_this><folder type="Folder">group-3</folder>
<name>n1</name><spec><location><pool type="ResourcePool">resgroup-9</pool></location><config><name>inner</name></config></spec></CloneVM_Task>
</soapenv:Body></soapenv:Envelope>`

func TestSniff(t *testing.T) {
	r, err := Sniff([]byte(clone))
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != "CloneVM_Task" || r.This != "vm-63" || r.ThisType != "VirtualMachine" || r.Name != "n1" {
		t.Fatalf("%+v", r)
	}
	login := `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><Login xmlns="urn:vim25">` +
		`<_this type="SessionManager">SessionManager</_this><userName>a@b</userName><password> p&amp;&lt;q </password></Login></Body></Envelope>`
	if r, _ := Sniff([]byte(login)); r.Method != "Login" || r.UserName != "a@b" || r.Password != " p&<q " {
		t.Fatalf("%+v", r)
	}
	if _, err := Sniff([]byte("not xml")); err == nil {
		t.Fatal("want error")
	}
}

func TestFaultXML(t *testing.T) {
	r, _ := Sniff([]byte(clone))
	f, msg, err := BuildFault("InvalidPowerState", "", FaultContext{Req: r, PowerState: "poweredOn"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := FaultXML(msg, f)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		"<faultcode>ServerFaultCode</faultcode>",
		"<faultstring>The attempted operation cannot be performed in the current state (Powered on).</faultstring>",
		`<InvalidPowerStateFault xmlns="urn:vim25" xsi:type="InvalidPowerState">`,
		"<existingState>poweredOn</existingState>",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in %s", want, s)
		}
	}
	if !KnownFault("TaskInProgress") || KnownFault("VirtualMachine") || KnownFault("Nope") {
		t.Fatal("KnownFault")
	}
	if _, _, err := BuildFault("InsufficientResourcesFault", "", FaultContext{Req: r}); err != nil {
		t.Fatal(err)
	}
}
