// Package xlsx is the Excel plumbing every domain uses: streaming exports
// and all-or-nothing imports of .xlsx workbooks. Staff live in Excel and WPS,
// so lists go out as real workbooks (numbers stay numbers, dates are dates)
// and come back the same way.
//
// # Export
//
// Export streams rows into a one-sheet workbook with constant memory, so a
// list of a hundred thousand records costs no more than a list of ten:
//
//	err := xlsx.Export(w, rd.T(r, "registry.org.list"), headers, func(yield func([]any) error) error {
//		for _, o := range orgs {
//			if err := yield([]any{o.Name, o.Code, o.Capital, o.Founded}); err != nil {
//				return err
//			}
//		}
//		return nil
//	})
//
// # Import (导入): validate everything, then write everything or nothing
//
// An import never leaves half a sheet in the database. Every domain follows
// the same four steps:
//
//  1. Read the upload with FormSheet (or Read) and the domain's header
//     aliases, so that Chinese and English column titles both map to the
//     canonical field names; then sheet.Require the mandatory columns. A
//     file that is too large, not an .xlsx, empty or missing a column is an
//     *errs.Validation on the field "file": show the form again with it.
//  2. Validate EVERY row, collecting all problems in one Report instead of
//     stopping at the first, so the user can fix the whole sheet in one go.
//     Import does the loop; the parse function reads cells by canonical name
//     and calls rep.Add(sheet.RowNumber(i), column, key, args...) for each
//     broken rule, with catalog keys as messages.
//  3. Only if rep.OK(), write all rows inside ONE d.Tx (with audit.Write for
//     each record, as for any other change).
//  4. If the database refuses a row while writing (a duplicate caught by a
//     unique index, a foreign key), add it to the report with the row number
//     the user sees and return rep.Err() from the transaction function at
//     once: the whole transaction rolls back. Stop at that first refusal:
//     PostgreSQL aborts a transaction after a failed statement, so later
//     inserts could not run anyway. Duplicates within the sheet and against
//     existing records are best found in step 2, all at once; the database
//     constraint is the last guard, against races. Nothing was imported, and
//     the page says so (xlsx.report.title).
//
// In code:
//
//	sheet, err := xlsx.FormSheet(r, xlsx.DefaultLimits(), orgHeaders)
//	if err == nil {
//		err = sheet.Require("name", "code")
//	}
//	if err != nil {
//		return renderImport(w, r, nil, err) // *errs.Validation on "file"
//	}
//	orgs, rep := xlsx.Import(sheet, func(i int, row func(string) string, rep *xlsx.Report) (Org, bool) {
//		o := Org{Name: row("name"), Code: row("code")}
//		ok := true
//		if o.Name == "" {
//			rep.Add(sheet.RowNumber(i), "name", "shell.form.required")
//			ok = false
//		}
//		return o, ok
//	})
//	if !rep.OK() {
//		return renderImport(w, r, rep, nil)
//	}
//	err = d.Tx(ctx, func(c db.Conn) error {
//		for i, o := range orgs {
//			err := insertOrg(ctx, c, o)
//			if db.IsUniqueViolation(err) {
//				rep.Add(sheet.RowNumber(i), sheet.Title("code"), "shell.form.duplicate")
//				return rep.Err() // a *Report: the transaction rolls back
//			}
//			if err != nil {
//				return err
//			}
//		}
//		return nil
//	})
//	if errors.As(err, &rep) {
//		return renderImport(w, r, rep, nil) // nothing was imported
//	}
//
// A *Report must not be returned from a handler: the web layer does not know
// it and would answer 500. Render it on the import page (status 422).
//
// Import returns the parsed values only when every row passed, in sheet
// order, so index i of the result is row i of the sheet (sheet.RowNumber(i)
// is its Excel row number).
//
// # Pages
//
// Templates holds the shared partials "xlsx-import-form" and "xlsx-report"
// (see templates/_import.html for the data they expect) and Locale the
// "xlsx.*" messages; the composition root registers both.
package xlsx
