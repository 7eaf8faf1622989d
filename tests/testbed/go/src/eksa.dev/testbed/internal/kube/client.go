package kube

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Client is a minimal Kubernetes REST client: JSON over net/http, no discovery, no watch.
// Paths are API paths such as /api/v1/namespaces/kube-system/secrets.
type Client struct {
	Server string // https://host:port
	Token  string // bearer token; empty: none (client certificate or anonymous)
	HTTP   *http.Client
}

// ClientOptions are the credentials for NewClient.
type ClientOptions struct {
	CAPEM    []byte // verifies the server; nil skips verification (discovery does, once)
	CertPEM  []byte // client certificate and key; nil: none
	KeyPEM   []byte
	Token    string
	Insecure bool // must be set to allow a nil CAPEM
}

// NewClient makes a client for server.
func NewClient(server string, o ClientOptions) (*Client, error) {
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	switch {
	case o.CAPEM != nil:
		pool, err := CertPool(o.CAPEM)
		if err != nil {
			return nil, err
		}
		conf.RootCAs = pool
	case o.Insecure:
		conf.InsecureSkipVerify = true
	default:
		return nil, errors.New("kube client: no CA and not Insecure")
	}
	if o.CertPEM != nil {
		pair, err := tls.X509KeyPair(o.CertPEM, o.KeyPEM)
		if err != nil {
			return nil, err
		}
		conf.Certificates = []tls.Certificate{pair}
	}
	tr := &http.Transport{TLSClientConfig: conf, Proxy: nil, MaxIdleConnsPerHost: 4}
	return &Client{Server: strings.TrimRight(server, "/"), Token: o.Token,
		HTTP: &http.Client{Transport: tr, Timeout: 15 * time.Second}}, nil
}

// StatusError is a non-2xx answer.
type StatusError struct {
	Method, Path string
	Code         int
	Body         string
}

func (e *StatusError) Error() string {
	msg := e.Body
	var st struct {
		Message string `json:"message"`
	}
	if json.Unmarshal([]byte(e.Body), &st) == nil && st.Message != "" {
		msg = st.Message
	}
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Code, strings.TrimSpace(msg))
}

// Code returns the HTTP status of a StatusError anywhere in err's chain, else 0.
func Code(err error) int {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

// IsNotFound, IsConflict: Code(err) is 404, 409.
func IsNotFound(err error) bool { return Code(err) == http.StatusNotFound }
func IsConflict(err error) bool { return Code(err) == http.StatusConflict }

// Do sends body (JSON-encoded unless nil or []byte) with contentType and decodes a JSON answer
// into out (nil: discard).
func (c *Client) Do(ctx context.Context, method, path, contentType string, body, out interface{}) error {
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Server+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		if contentType == "" {
			contentType = "application/json"
		}
		req.Header.Set("Content-Type", contentType)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	return doJSON(c.HTTP, req, out)
}

// Get reads path into out.
func (c *Client) Get(ctx context.Context, path string, out interface{}) error {
	return c.Do(ctx, http.MethodGet, path, "", nil, out)
}

// Create POSTs obj to the collection path.
func (c *Client) Create(ctx context.Context, collection string, obj, out interface{}) error {
	return c.Do(ctx, http.MethodPost, collection, "", obj, out)
}

// Apply creates obj in collection, or replaces the existing object of that name (PUT with its
// current resourceVersion). obj must marshal to a JSON object with metadata.name.
func (c *Client) Apply(ctx context.Context, collection string, obj, out interface{}) error {
	m, err := toMap(obj)
	if err != nil {
		return err
	}
	meta, _ := m["metadata"].(map[string]interface{})
	name, _ := meta["name"].(string)
	if name == "" {
		return errors.New("apply: object has no metadata.name")
	}
	err = c.Create(ctx, collection, m, out)
	if !IsConflict(err) {
		return err
	}
	path := strings.TrimRight(collection, "/") + "/" + name
	for attempt := 0; ; attempt++ {
		var cur struct {
			Metadata struct {
				ResourceVersion string `json:"resourceVersion"`
			} `json:"metadata"`
		}
		if err := c.Get(ctx, path, &cur); err != nil {
			return err
		}
		meta["resourceVersion"] = cur.Metadata.ResourceVersion
		err = c.Do(ctx, http.MethodPut, path, "", m, out)
		if !IsConflict(err) || attempt >= 4 {
			return err
		}
	}
}

// PatchStatus merge-patches the status subresource of the object at path.
func (c *Client) PatchStatus(ctx context.Context, path string, patch, out interface{}) error {
	return c.Do(ctx, http.MethodPatch, strings.TrimRight(path, "/")+"/status",
		"application/merge-patch+json", patch, out)
}

// Patch merge-patches the object at path.
func (c *Client) Patch(ctx context.Context, path string, patch, out interface{}) error {
	return c.Do(ctx, http.MethodPatch, path, "application/merge-patch+json", patch, out)
}

// Delete deletes the object at path; a missing object is not an error.
func (c *Client) Delete(ctx context.Context, path string) error {
	err := c.Do(ctx, http.MethodDelete, path, "", nil, nil)
	if IsNotFound(err) {
		return nil
	}
	return err
}

func toMap(obj interface{}) (map[string]interface{}, error) {
	if m, ok := obj.(map[string]interface{}); ok {
		return m, nil
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	var m map[string]interface{}
	return m, json.Unmarshal(b, &m)
}
