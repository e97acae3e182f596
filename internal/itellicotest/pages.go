package itellicotest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// pager builds the {"count": total, "items": [...]} answer of a list endpoint: it is handed every
// match in order, counts them all, and keeps the page asked for.
type pager struct {
	limit, offset int
	count         int
	items         [][]byte
	ids           []string
}

// pager reads limit and offset. IgnorePaging makes the server behave as if they were absent, and
// PageCap shortens any page silently, as a server that caps pages does.
func (s *Server) pager(c *call) pager {
	limit := c.params.integer("limit", s.opts.DefaultLimit, 1, s.opts.MaxLimit)
	offset := c.params.integer("offset", 0, 0, -1)
	if c.fault == IgnorePaging {
		limit, offset = s.opts.DefaultLimit, 0
	}
	if s.opts.PageCap > 0 {
		limit = min(limit, s.opts.PageCap)
	}
	return pager{limit: limit, offset: offset}
}

// add counts one match and keeps it when it falls on the page.
func (pg *pager) add(raw []byte, id string) {
	if pg.count >= pg.offset && pg.count < pg.offset+pg.limit {
		pg.items = append(pg.items, raw)
		pg.ids = append(pg.ids, id)
	}
	pg.count++
}

// body writes the page, or the shape a fault asks for.
func (pg *pager) body(fault FaultKind) []byte {
	count := pg.count
	if fault == CountMismatch {
		count += 5
	}
	opening, closing := `{"count":`+strconv.Itoa(count)+`,"items":[`, `]}`
	switch fault {
	case WrongShape:
		opening, closing = `{"data":[`, `],"total":`+strconv.Itoa(count)+`}`
	case ItemsObject:
		opening, closing = `{"count":`+strconv.Itoa(count)+`,"items":{`, `}}`
	}
	size := len(opening) + len(closing)
	for i, it := range pg.items {
		size += len(it) + len(pg.ids[i]) + 4
	}
	b := append(make([]byte, 0, size), opening...)
	for i, it := range pg.items {
		if i > 0 {
			b = append(b, ',')
		}
		if fault == ItemsObject {
			b = append(append(b, mustMarshal(pg.ids[i])...), ':')
		}
		b = append(b, it...)
	}
	return append(b, closing...)
}

// objectBody is one object (or array), or {"data": object} under WrongShape.
func objectBody(obj []byte, fault FaultKind) []byte {
	if fault != WrongShape {
		return obj
	}
	return append(append([]byte(`{"data":`), obj...), '}')
}

// one answers the read of one object by the id the path names as name: 422 when it is not a
// UUID, 404 when no object of rs has it or in says the path's account does not own it.
func one[T any](c *call, name, what string, rs []record[T], in func(*T) bool) (int, []byte) {
	id := c.r.PathValue(name)
	if !isUUID(id) {
		return errorJSON(http.StatusUnprocessableEntity, "validation_error", "Invalid path parameter.", "",
			[]FieldError{{Field: name, Message: fmt.Sprintf("must be a UUID; got %q", clip(id))}})
	}
	for i := range rs {
		if strings.EqualFold(rs[i].id, id) && in(&rs[i].v) {
			return http.StatusOK, objectBody(rs[i].raw, c.fault)
		}
	}
	return errorJSON(http.StatusNotFound, "not_found", strings.ToUpper(what[:1])+what[1:]+" not found.",
		"No "+what+" "+id+" in account "+c.account+".", nil)
}
