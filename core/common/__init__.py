"""What every package shares, on the standard library alone: errors, the settings value,
UTC time, the allowed values of fields (choices), every user-facing text (i18n), login."""
