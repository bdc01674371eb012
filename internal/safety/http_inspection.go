package safety

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// Inspection pages: run the dated checklist of an enterprise's sector on a
// phone (one pass/fail/not-checked choice per item), then print the
// inspection record with both sides' signature lines.

func (h *HTTP) registerInspectionPages(srv *web.Server) {
	read := access.PermModuleSafety
	srv.Page("GET /safety/inspections/new", read, h.inspectionNew)
	srv.Page("POST /safety/inspections/new", read, h.inspectionCreate)
	srv.Page("GET /safety/inspections/{id}", read, h.inspectionShow)
	srv.Page("POST /safety/inspections/{id}/photos", read, h.inspectionPhoto)
	srv.Page("GET /safety/inspection-files/{id}", read, h.inspectionFile)
	srv.Page("POST /safety/inspections/{id}/signatures", read, h.inspectionSign)
}

type inspectionFormData struct {
	Enterprises  []Enterprise
	EnterpriseID int64
	On           string
	Kind         string
	Checklist    []CriteriaSet
	Answers      map[int64]string // criterion id → pass, fail
	Notes        map[int64]string
	Inspectors   string
	Signer       string
	Deadline     string
	Lat, Lng     string
}

func (h *HTTP) inspectionForm(r *http.Request, d inspectionFormData) (inspectionFormData, error) {
	ents, _, err := h.svc.ListEnterprises(r.Context(), EnterpriseFilter{Limit: 500})
	if err != nil {
		return d, err
	}
	d.Enterprises = ents
	on, err := time.Parse(time.DateOnly, d.On)
	if err != nil {
		on = h.svc.today()
		d.On = on.Format(time.DateOnly)
	}
	for _, e := range ents {
		if e.ID == d.EnterpriseID {
			if d.Checklist, err = h.svc.Checklist(r.Context(), e.Sector, on); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

func (h *HTTP) inspectionNew(w http.ResponseWriter, r *http.Request) error {
	_, actor, err := party(r.Context())
	if err != nil {
		return err
	}
	kind := InspectionDepartment
	if actor == ActorEnterprise {
		kind = InspectionSelf
	}
	d, err := h.inspectionForm(r, inspectionFormData{EnterpriseID: qInt(r, "enterprise_id"), On: qStr(r, "date"), Kind: kind})
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/inspection_new", Title: "safety.inspection.new", Data: d})
	return nil
}

func (h *HTTP) inspectionCreate(w http.ResponseWriter, r *http.Request) error {
	d := inspectionFormData{EnterpriseID: formInt(r, "enterprise_id"), On: r.PostFormValue("inspected_on"), Kind: r.PostFormValue("kind"),
		Inspectors: r.PostFormValue("inspectors"), Signer: r.PostFormValue("enterprise_signer"), Lat: r.PostFormValue("lat"), Lng: r.PostFormValue("lng"),
		Answers: map[int64]string{}, Notes: map[int64]string{}}
	d.Deadline = r.PostFormValue("deadline")
	in := InspectionInput{EnterpriseID: d.EnterpriseID, Kind: d.Kind, InspectedOn: d.On, Inspectors: d.Inspectors, EnterpriseSigner: d.Signer, Deadline: d.Deadline}
	v := &errs.Validation{}
	for k, vals := range r.PostForm {
		idStr, ok := strings.CutPrefix(k, "result_")
		if !ok || len(vals) == 0 {
			continue
		}
		id, err := strconv.ParseInt(idStr, 10, 64)
		if err != nil || id <= 0 {
			continue
		}
		note := r.PostFormValue(fmt.Sprintf("note_%d", id))
		d.Answers[id], d.Notes[id] = vals[0], note
		switch vals[0] {
		case "pass":
			in.Findings = append(in.Findings, FindingInput{CriterionID: id, Passed: true, Note: note})
		case "fail":
			in.Findings = append(in.Findings, FindingInput{CriterionID: id, Passed: false, Note: note})
		}
	}
	for _, k := range []struct {
		s   string
		dst **float64
	}{{d.Lat, &in.Lat}, {d.Lng, &in.Lng}} {
		if s := strings.TrimSpace(k.s); s != "" {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				v.Add("lat", "safety.point.invalid")
				continue
			}
			*k.dst = &x
		}
	}
	err := v.Err()
	var x Inspection
	if err == nil {
		x, err = h.svc.CreateInspection(r.Context(), in)
	}
	if ve, ok := errs.AsValidation(err); ok {
		d, err := h.inspectionForm(r, d)
		if err != nil {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "safety/inspection_new", Title: "safety.inspection.new", Status: http.StatusUnprocessableEntity, Errors: ve, Data: d})
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/inspections/%d", x.ID))
	return nil
}

type inspectionData struct {
	Inspection
	Photos []FileInfo
	// Signatures holds the latest drawn signature of each side, by purpose.
	Signatures map[string]FileInfo
}

func (h *HTTP) inspectionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.inspectionData(r, id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/inspection", Title: "safety.inspection.record", Data: d})
	return nil
}

func (h *HTTP) inspectionData(r *http.Request, id int64) (inspectionData, error) {
	x, err := h.svc.GetInspection(r.Context(), id)
	if err != nil {
		return inspectionData{}, err
	}
	files, err := h.svc.InspectionPhotos(r.Context(), id)
	d := inspectionData{Inspection: x, Photos: []FileInfo{}, Signatures: map[string]FileInfo{}}
	for _, f := range files {
		switch f.Purpose {
		case PurposeSignInspector, PurposeSignEnterprise:
			d.Signatures[f.Purpose] = f // files come in id order: the last one stands
		default:
			d.Photos = append(d.Photos, f)
		}
	}
	return d, err
}

// inspectionSign stores the signatures drawn on the record's pads; each
// pad sends a PNG data URL (signature.js), an empty pad sends nothing.
func (h *HTTP) inspectionSign(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	v := &errs.Validation{}
	drawn := false
	for _, purpose := range []string{PurposeSignInspector, PurposeSignEnterprise} {
		val := r.PostFormValue(purpose)
		if val == "" {
			continue
		}
		drawn = true
		raw, ok := strings.CutPrefix(val, "data:image/png;base64,")
		png, decErr := base64.StdEncoding.DecodeString(raw)
		if !ok || decErr != nil {
			v.Add(purpose, KeyFileType)
			continue
		}
		if _, err := h.svc.AddInspectionSignature(r.Context(), id, purpose, png); err != nil {
			fv, isV := errs.AsValidation(err)
			if !isV {
				return err
			}
			v.Fields = append(v.Fields, fv.Fields...)
		}
	}
	if !drawn {
		v.Add(PurposeSignInspector, "safety.inspection.sign_none")
	}
	if err := v.Err(); err != nil {
		d, derr := h.inspectionData(r, id)
		if derr != nil {
			return derr
		}
		h.srv.Render(w, r, web.Page{Name: "safety/inspection", Title: "safety.inspection.record", Status: http.StatusUnprocessableEntity, Errors: v, Data: d})
		return nil
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/inspections/%d", id))
	return nil
}

func (h *HTTP) inspectionPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	up, err := readUpload(r, "file", MaxPhotoBytes)
	if err == nil {
		_, err = h.svc.AddInspectionPhoto(r.Context(), id, up.Name, up.Data)
	}
	if v, ok := errs.AsValidation(err); ok {
		d, err := h.inspectionData(r, id)
		if err != nil {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "safety/inspection", Title: "safety.inspection.record", Status: http.StatusUnprocessableEntity, Errors: v, Data: d})
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/inspections/%d", id))
	return nil
}

func (h *HTTP) inspectionFile(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f, data, err := h.svc.OpenInspectionPhoto(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(data)
	return nil
}

// Answer is the choice recorded for criterion id, for the form.
func (d inspectionFormData) Answer(id int64) string { return d.Answers[id] }

// Note is the note recorded for criterion id, for the form.
func (d inspectionFormData) Note(id int64) string { return d.Notes[id] }
