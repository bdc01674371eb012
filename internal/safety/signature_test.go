package safety

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Both sides sign the inspection record (issue 4 §3: "signatures of both
// sides"): a drawn signature is a PNG of bounded size, stored hashed with
// the record; other file types, unknown sides and another company are
// refused.
func TestInspectionSignatures(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		f := s.f
		svc := f.svc.WithClock(clock("2026-03-10"))
		insp := inspectorCtx("652327")
		x := must(svc.CreateInspection(insp, InspectionInput{EnterpriseID: f.entJ.ID, Kind: "department", InspectedOn: "2026-03-10",
			Inspectors: "王强", EnterpriseSigner: "李明", Findings: []FindingInput{{CriterionID: criterionID(t, d, "AJZG3-2017-121", "4"), Passed: true}}}))

		_, err := svc.AddInspectionSignature(insp, x.ID, "signature_witness", pngBytes)
		wantValidation(t, err, "side", keyBadChoice)
		_, err = svc.AddInspectionSignature(insp, x.ID, PurposeSignInspector, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'})
		wantValidation(t, err, PurposeSignInspector, KeyFileType)
		_, err = svc.AddInspectionSignature(insp, x.ID, PurposeSignInspector, append(append([]byte{}, pngBytes...), make([]byte, MaxSignatureBytes)...))
		wantValidation(t, err, PurposeSignInspector, KeyFileTooLarge)
		_, err = svc.AddInspectionSignature(enterpriseCtx(f.orgM.ID), x.ID, PurposeSignEnterprise, pngBytes)
		wantIs(t, err, errs.ErrNotFound)

		si := must(svc.AddInspectionSignature(insp, x.ID, PurposeSignInspector, pngBytes))
		se := must(svc.AddInspectionSignature(enterpriseCtx(f.orgJ.ID), x.ID, PurposeSignEnterprise, pngBytes))
		if si.SHA256 != Hash(pngBytes) || se.Purpose != PurposeSignEnterprise {
			t.Fatalf("signatures %+v %+v", si, se)
		}

		// Through the page: the pads post PNG data URLs; the record shows both.
		dataURL := "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngBytes)
		w := s.post(fmt.Sprintf("/safety/inspections/%d/signatures", x.ID), "inspector:652327", url.Values{PurposeSignInspector: {dataURL}, PurposeSignEnterprise: {dataURL}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", w.Code, w.Body.String())
		}
		w = s.post(fmt.Sprintf("/safety/inspections/%d/signatures", x.ID), "inspector:652327", url.Values{PurposeSignInspector: {"data:image/png;base64,@@@"}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("garbled pad: %d", w.Code)
		}
		page := s.do("GET", fmt.Sprintf("/safety/inspections/%d", x.ID), "inspector:652327", "", nil).Body.String()
		for _, id := range []string{`data-testid="signature-inspector"`, `data-testid="signature-enterprise"`} {
			if !strings.Contains(page, id) {
				t.Errorf("record lacks %s", id)
			}
		}
	})
}
