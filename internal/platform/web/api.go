package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Op describes one API route: it is both registered on the mux and written
// into the OpenAPI document, so the document cannot drift from the routes.
type Op struct {
	Method  string // GET, POST, PUT, PATCH, DELETE
	Path    string // ServeMux syntax: /api/v1/organisations/{id}
	Summary string
	Tag     string
	Perm    access.Permission
	Query   []Param
	// Body and Response are zero values of the request and response types,
	// for the schema; nil means none.
	Body     any
	Response any
	// Status is the success status (200 if zero).
	Status int
}

// Param is a query parameter.
type Param struct {
	Name        string
	Type        string // string, integer, boolean
	Description string
}

// ListParams are the query parameters every list endpoint takes.
func ListParams(extra ...Param) []Param {
	return append([]Param{
		{Name: "q", Type: "string", Description: "search text"},
		{Name: "limit", Type: "integer", Description: "page size (1–500, default 50)"},
		{Name: "offset", Type: "integer", Description: "rows to skip"},
	}, extra...)
}

// List is the envelope of every list response.
type List[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// API registers a JSON route for principals holding op.Perm.
func (s *Server) API(op Op, h HandlerFunc) {
	s.api.add(op)
	s.mux.HandleFunc(op.Method+" "+op.Path, func(w http.ResponseWriter, r *http.Request) {
		p := access.From(r.Context())
		switch {
		case p == nil:
			s.apiError(w, r, access.ErrNoPrincipal)
			return
		case op.Perm != "" && !p.Can(op.Perm):
			s.apiError(w, r, access.ErrForbidden)
			return
		}
		if err := h(w, r); err != nil {
			s.apiError(w, r, err)
		}
	})
}

type apiError struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Fields  []apiFieldError `json:"fields,omitempty"`
}

type apiFieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

type apiErrorBody struct {
	Error apiError `json:"error"`
}

// apiError writes the one error object shape every endpoint uses:
// {"error": {"code", "message", "fields": [{"field", "code", "message"}]}}.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	var v *errs.Validation
	var tooBig *http.MaxBytesError
	status, code, key := http.StatusInternalServerError, "internal", "shell.error.500"
	switch {
	case errors.Is(err, access.ErrNoPrincipal):
		status, code, key = http.StatusUnauthorized, "unauthenticated", "shell.error.401"
		w.Header().Set("WWW-Authenticate", `Bearer realm="bogda"`)
	case errors.Is(err, access.ErrForbidden):
		status, code, key = http.StatusForbidden, "forbidden", "shell.error.403"
	case errors.Is(err, errs.ErrNotFound):
		status, code, key = http.StatusNotFound, "not_found", "shell.error.404"
	case errors.As(err, &tooBig):
		status, code, key = http.StatusRequestEntityTooLarge, "too_large", "shell.error.413"
	case errors.As(err, &v):
		status, code, key = http.StatusUnprocessableEntity, "invalid", "shell.error.400"
	default:
		s.log.Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body := apiErrorBody{Error: apiError{Code: code, Message: s.rd.T(r, key)}}
	if v != nil {
		for _, f := range v.Fields {
			body.Error.Fields = append(body.Error.Fields, apiFieldError{Field: f.Field, Code: f.Key, Message: s.rd.T(r, f.Key, f.Args...)})
		}
	}
	writeJSON(w, status, body)
}

// Respond writes v as JSON with status, or, when the call that produced v
// failed, returns err for the route's error answer — so a handler can end
// with `return web.Respond(w, http.StatusOK, svc.Get(ctx, id))`.
func Respond(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	writeJSON(w, status, v)
	return nil
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// DecodeJSON reads one JSON object into dst, refusing unknown fields,
// trailing data and anything malformed with a validation error, never a 500.
func DecodeJSON(r *http.Request, dst any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return errs.Invalid(typeErr.Field, "shell.api.wrong_type", typeErr.Field)
		}
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return errs.Invalid(field, "shell.api.unknown_field", field)
		}
		return errs.Invalid("body", "shell.api.bad_json")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errs.Invalid("body", "shell.api.bad_json")
	}
	return nil
}

// Paging reads limit and offset from the query, clamped to sane values.
func Paging(r *http.Request) (limit, offset int) {
	limit, _ = strconv.Atoi(r.URL.Query().Get("limit"))
	offset, _ = strconv.Atoi(r.URL.Query().Get("offset"))
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

// PathID reads a positive integer path value such as {id}.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.ErrNotFound
	}
	return id, nil
}
