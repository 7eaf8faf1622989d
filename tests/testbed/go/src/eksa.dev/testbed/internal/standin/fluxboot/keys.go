package fluxboot

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"math/big"
)

// KeyPair is an SSH deploy key: the private key PEM and the authorized_keys line.
type KeyPair struct {
	PrivatePEM []byte
	Public     string
}

// NewKeyPair generates a key as flux's --ssh-key-algorithm (ecdsa, ed25519, rsa),
// --ssh-ecdsa-curve (p256, p384, p521) and --ssh-rsa-bits say.
func NewKeyPair(algorithm, curve string, rsaBits int) (KeyPair, error) {
	switch algorithm {
	case "", "ecdsa":
		var c elliptic.Curve
		var name string
		switch curve {
		case "p256":
			c, name = elliptic.P256(), "nistp256"
		case "", "p384":
			c, name = elliptic.P384(), "nistp384"
		case "p521":
			c, name = elliptic.P521(), "nistp521"
		default:
			return KeyPair{}, fmt.Errorf("unsupported ECDSA curve %q", curve)
		}
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			return KeyPair{}, err
		}
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			return KeyPair{}, err
		}
		point := elliptic.Marshal(c, k.X, k.Y)
		typ := "ecdsa-sha2-" + name
		return KeyPair{pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}),
			authorized(typ, sshString(typ), sshString(name), sshString(string(point)))}, nil
	case "ed25519":
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return KeyPair{}, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(priv)
		if err != nil {
			return KeyPair{}, err
		}
		return KeyPair{pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
			authorized("ssh-ed25519", sshString("ssh-ed25519"), sshString(string(pub)))}, nil
	case "rsa":
		if rsaBits == 0 {
			rsaBits = 2048
		}
		k, err := rsa.GenerateKey(rand.Reader, rsaBits)
		if err != nil {
			return KeyPair{}, err
		}
		der := x509.MarshalPKCS1PrivateKey(k)
		return KeyPair{pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: der}),
			authorized("ssh-rsa", sshString("ssh-rsa"), mpint(big.NewInt(int64(k.E))), mpint(k.N))}, nil
	}
	return KeyPair{}, fmt.Errorf("unsupported public key algorithm %q", algorithm)
}

// SSH wire encoding (RFC 4251): string = uint32 length + bytes; mpint = two's complement.
func sshString(s string) []byte {
	b := make([]byte, 4+len(s))
	binary.BigEndian.PutUint32(b, uint32(len(s)))
	copy(b[4:], s)
	return b
}

func mpint(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) > 0 && b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return sshString(string(b))
}

func authorized(typ string, parts ...[]byte) string {
	var blob []byte
	for _, p := range parts {
		blob = append(blob, p...)
	}
	return typ + " " + base64.StdEncoding.EncodeToString(blob)
}
