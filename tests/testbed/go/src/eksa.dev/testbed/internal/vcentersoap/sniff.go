// Package vcentersoap reads just enough of a vim25 SOAP request to route it (method name,
// _this, the request's top-level <name>) and writes SOAP responses the way vCenter does:
// typed faults (HTTP 500, soapenv:Fault with faultstring and a <detail> typed fault) and
// "returnval = Task" responses for *_Task methods.
package vcentersoap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/vmware/govmomi/vim25/types"
)

const envelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"

// Request is what Sniff extracts from a SOAP request body.
type Request struct {
	Method   string // local name of the first element inside soapenv:Body, e.g. "CloneVM_Task"
	ThisType string // <_this type="…">
	This     string // <_this>…</_this>, the target moid
	Name     string // text of a direct <name> child (CloneVM_Task, CreateFolder, Rename_Task…)
	UserName string // Login's <userName>
	Password string // Login's <password>
}

// Ref is _this as a managed object reference.
func (r Request) Ref() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: r.ThisType, Value: r.This}
}

// Sniff parses body up to the end of the method element (text is XML-unescaped; only the
// whitespace around _this and name is trimmed). It never fails on unknown content;
// it errors only when no method element is found (not a SOAP request).
func Sniff(body []byte) (Request, error) {
	var r Request
	d := xml.NewDecoder(bytes.NewReader(body))
	inBody := false
	depth := 0 // depth below the method element, 0 = not inside it yet
	field := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if r.Method != "" {
				return r, nil
			}
			return r, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case r.Method == "" && !inBody:
				inBody = t.Name.Local == "Body" && t.Name.Space == envelopeNS
			case r.Method == "":
				r.Method, depth = t.Name.Local, 1
			default:
				depth++
				field = ""
				if depth == 2 {
					field = t.Name.Local
					if field == "_this" {
						for _, a := range t.Attr {
							if a.Name.Local == "type" {
								r.ThisType = a.Value
							}
						}
					}
				}
			}
		case xml.CharData:
			switch field {
			case "_this":
				r.This += string(t)
			case "name":
				r.Name += string(t)
			case "userName":
				r.UserName += string(t)
			case "password":
				r.Password += string(t)
			}
		case xml.EndElement:
			if r.Method != "" {
				depth--
				field = ""
				if depth == 0 {
					r.This, r.Name = strings.TrimSpace(r.This), strings.TrimSpace(r.Name)
					return r, nil
				}
			}
		}
	}
	if r.Method == "" {
		return r, errors.New("soap: no method element in the request body")
	}
	return r, nil
}
