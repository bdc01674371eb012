package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// describe turns a validation error into the operator's language (English
// on the command line) instead of catalog keys.
func describe(a *app.App, err error) error {
	v, ok := errs.AsValidation(err)
	if !ok {
		return err
	}
	cat := a.Server.Renderer().Catalog()
	msgs := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		msgs[i] = fmt.Sprintf("%s: %s", f.Field, cat.T(web.LangEN, f.Key, f.Args...))
	}
	return errors.New(strings.Join(msgs, "; "))
}
