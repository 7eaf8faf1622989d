package boot

import (
	"errors"
	"strings"
)

// stripRoot removes the state directory's root prefix from an error so that reasons name
// machine paths (/etc/kubernetes/pki/ca.crt), as they would on a VM.
func stripRoot(err error, root string) error {
	if err == nil {
		return nil
	}
	return errors.New(strings.ReplaceAll(err.Error(), root, ""))
}
