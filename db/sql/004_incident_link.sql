-- Owner: Incidents. A case's incident_id must name an incident (the Cases model does not reference the Incidents
-- module, so the key is declared here).
ALTER TABLE fallout_cases
    ADD CONSTRAINT fk_fallout_cases_incidents_incident_id FOREIGN KEY (incident_id) REFERENCES incidents (id);
