package vcentervm

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io/ioutil"
	"strings"
)

// decodeGuestinfo decodes a guestinfo.{userdata,metadata} value by its *.encoding key, with
// the encodings cloud-init's VMware datasource accepts: none, base64|b64, gzip+base64|gz+b64.
func decodeGuestinfo(value, encoding string) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "":
		return []byte(value), nil
	case "base64", "b64":
		return b64(value)
	case "gzip+base64", "gz+b64", "gzip+b64", "gz+base64":
		z, err := b64(value)
		if err != nil {
			return nil, err
		}
		r, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			return nil, fmt.Errorf("gunzip: %v", err)
		}
		return ioutil.ReadAll(r)
	}
	return nil, fmt.Errorf("unsupported encoding %q", encoding)
}

func b64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, s)
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, fmt.Errorf("base64: %v", err)
	}
	return b, nil
}
