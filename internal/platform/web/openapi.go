package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// APIDoc builds the OpenAPI 3 document from the ops registered with API.
type APIDoc struct {
	version string
	mu      sync.Mutex
	ops     []Op
}

func newAPIDoc(version string) *APIDoc { return &APIDoc{version: version} }

func (d *APIDoc) add(op Op) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ops = append(d.ops, op)
}

// Ops returns the registered operations, for tests that call each one.
func (s *Server) Ops() []Op {
	s.api.mu.Lock()
	defer s.api.mu.Unlock()
	return append([]Op(nil), s.api.ops...)
}

var pathParam = regexp.MustCompile(`\{([a-zA-Z_]+)\.*\}`)

func (d *APIDoc) serve(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, d.Document())
}

// Document returns the OpenAPI 3.0 document as a JSON-ready value.
func (d *APIDoc) Document() map[string]any {
	d.mu.Lock()
	ops := append([]Op(nil), d.ops...)
	d.mu.Unlock()
	schemas := map[string]any{
		"Error": map[string]any{"type": "object", "properties": map[string]any{
			"error": map[string]any{"type": "object", "properties": map[string]any{
				"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"},
				"fields": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
					"field": map[string]any{"type": "string"}, "code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}}}},
			}}}},
	}
	paths := map[string]map[string]any{}
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Path < ops[j].Path })
	for _, op := range ops {
		item := paths[op.Path]
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range op.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Description, "schema": map[string]any{"type": q.Type}})
		}
		status := op.Status
		if status == 0 {
			status = http.StatusOK
		}
		resp := map[string]any{"description": http.StatusText(status)}
		if op.Response != nil {
			resp["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(op.Response), schemas)}}
		}
		errResp := map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
		o := map[string]any{
			"summary": op.Summary, "tags": []string{op.Tag},
			"operationId": strings.ToLower(op.Method) + pathParam.ReplaceAllString(strings.ReplaceAll(strings.TrimPrefix(op.Path, "/api/v1"), "/", "_"), "by_$1"),
			"responses":   map[string]any{itoa(status): resp, "default": errResp},
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.Body != nil {
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(op.Body), schemas)}}}
		}
		item[strings.ToLower(op.Method)] = o
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "Bogda API", "version": d.version, "description": "博格达 prefecture platform. Authenticate with a session cookie or 'Authorization: Bearer <token>'."},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}, "session": map[string]any{"type": "apiKey", "in": "cookie", "name": "bogda_session"}},
		},
		"security": []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}},
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// schemaOf describes t in JSON Schema, naming struct types in components.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(time.Time{}) {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if m, ok := reflect.New(t).Interface().(interface{ OpenAPIType() string }); ok {
		return map[string]any{"type": "string", "format": m.OpenAPIType()}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case reflect.Struct:
		name := schemaName(t)
		if _, done := schemas[name]; !done {
			schemas[name] = map[string]any{} // placeholder breaks recursion
			props := map[string]any{}
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				tag := f.Tag.Get("json")
				if !f.IsExported() || tag == "-" {
					continue
				}
				fname, _, _ := strings.Cut(tag, ",")
				if fname == "" {
					fname = f.Name
				}
				props[fname] = schemaOf(f.Type, schemas)
			}
			schemas[name] = map[string]any{"type": "object", "properties": props}
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func schemaName(t reflect.Type) string {
	n := t.Name()
	// Generic instantiations such as List[registry.Park] become ListPark.
	if i := strings.Index(n, "["); i >= 0 {
		inner := n[i+1 : len(n)-1]
		if j := strings.LastIndex(inner, "."); j >= 0 {
			inner = inner[j+1:]
		}
		n = n[:i] + inner
	}
	return n
}
