"""postc's own JSON Schemas for Postman collections and environments (package data)."""
