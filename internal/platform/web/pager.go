package web

import (
	"net/url"
	"strconv"
)

// Pager is the paging state of a list page, linking to the neighbouring
// pages with every other query parameter (search, filters) kept.
type Pager struct {
	Total, Limit, Offset int
	URL                  *url.URL
	// PrevLabel and NextLabel name the links for screen readers; templates
	// fill them with {{template "pager" ($.Pager .Data.Pager)}}.
	PrevLabel, NextLabel string
}

// From is the 1-based number of the first row shown.
func (p Pager) From() int {
	if p.Total == 0 {
		return 0
	}
	return p.Offset + 1
}

// To is the number of the last row shown.
func (p Pager) To() int { return min(p.Offset+p.Limit, p.Total) }

func (p Pager) at(offset int) string {
	u := *p.URL
	q := u.Query()
	q.Set("offset", strconv.Itoa(max(offset, 0)))
	q.Set("limit", strconv.Itoa(p.Limit))
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// PrevURL links to the previous page.
func (p Pager) PrevURL() string { return p.at(p.Offset - p.Limit) }

// NextURL links to the next page.
func (p Pager) NextURL() string { return p.at(p.Offset + p.Limit) }
