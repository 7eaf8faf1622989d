package vcentersoap

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/vmware/govmomi/vim25/types"
)

const envelopeOpen = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
	`<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"` +
	` xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
	` xmlns:xsd="http://www.w3.org/2001/XMLSchema"` +
	` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`
const envelopeClose = `</soapenv:Body></soapenv:Envelope>`

// textEscaper escapes element text the way vCenter does (quotes stay as they are; Go's
// xml.EscapeText would write ' as &#39;).
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// FaultXML renders a vim25 SOAP fault envelope:
//
//	<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>MSG</faultstring>
//	<detail><KINDFault xmlns="urn:vim25" xsi:type="KIND">…fields…</KINDFault></detail></soapenv:Fault>
func FaultXML(faultstring string, fault types.BaseMethodFault) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(envelopeOpen)
	b.WriteString(`<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>`)
	b.WriteString(textEscaper.Replace(faultstring))
	b.WriteString(`</faultstring><detail>`)
	kind := reflect.TypeOf(fault).Elem().Name()
	start := xml.StartElement{
		Name: xml.Name{Local: kind + "Fault"},
		Attr: []xml.Attr{
			{Name: xml.Name{Local: "xmlns"}, Value: "urn:vim25"},
			{Name: xml.Name{Local: "xsi:type"}, Value: kind},
		},
	}
	e := xml.NewEncoder(&b)
	if err := e.EncodeElement(fault, start); err != nil {
		return nil, err
	}
	if err := e.Flush(); err != nil {
		return nil, err
	}
	b.WriteString(`</detail></soapenv:Fault>`)
	b.WriteString(envelopeClose)
	return b.Bytes(), nil
}

// WriteFault sends a fault the way vCenter does: HTTP 500, text/xml.
func WriteFault(w http.ResponseWriter, faultstring string, fault types.BaseMethodFault) error {
	body, err := FaultXML(faultstring, fault)
	if err != nil {
		return err
	}
	writeXML(w, http.StatusInternalServerError, body)
	return nil
}

// WriteTaskReturn answers METHOD (a *_Task method) with <returnval type="Task">task</returnval>.
func WriteTaskReturn(w http.ResponseWriter, method string, task types.ManagedObjectReference) {
	var b bytes.Buffer
	b.WriteString(envelopeOpen)
	fmt.Fprintf(&b, `<%sResponse xmlns="urn:vim25"><returnval type="%s">`, method, task.Type)
	b.WriteString(textEscaper.Replace(task.Value))
	fmt.Fprintf(&b, `</returnval></%sResponse>`, method)
	b.WriteString(envelopeClose)
	writeXML(w, http.StatusOK, b.Bytes())
}

func writeXML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
