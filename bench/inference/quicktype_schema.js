#!/usr/bin/env node
// quicktype's own CLI (same options, same inference), with one change to its JSON Schema
// renderer: besides `definitions`, it writes `x-top-levels`, the schema of every top-level
// type keyed by its source name (for `--src-lang postman`, the request's `name`). Stock
// quicktype writes a top-level schema only when there is exactly one top level
// ("FIXME: Find a good way to do multiple top-levels"), so a collection's per-request types
// could not be validated against otherwise.
//
//   node bench/inference/quicktype_schema.js --src-lang postman --lang schema COLLECTION
"use strict";

const path = require("path");

const modules = path.join(__dirname, ".node", "node_modules");
const { JSONSchemaRenderer } = require(
    path.join(modules, "quicktype-core", "dist", "language", "JSONSchema", "JSONSchemaRenderer.js"),
);
const cli = require(path.join(modules, "quicktype", "dist", "index.js"));

function defined(value) {
    if (value === undefined) throw new Error("quicktype_schema.js: undefined name");
    return value;
}

JSONSchemaRenderer.prototype.emitSourceStructure = function emitSourceStructure() {
    const schema = { $schema: "http://json-schema.org/draft-06/schema#" };
    if (this.topLevels.size === 1) {
        const only = this.topLevels.values().next().value;
        Object.assign(schema, this.schemaForType(only));
    }
    const topLevels = {};
    for (const [name, type] of this.topLevels) {
        topLevels[name] = this.schemaForType(type);
    }
    schema["x-top-levels"] = topLevels;
    const definitions = {};
    this.forEachObject("none", (o, name) => {
        const title = defined(this.names.get(name));
        definitions[title] = this.definitionForObject(o, title);
    });
    this.forEachUnion("none", (u, name) => {
        if (!this.unionNeedsName(u)) return;
        const title = defined(this.names.get(name));
        definitions[title] = this.definitionForUnion(u, title);
    });
    this.forEachEnum("none", (e, name) => {
        const title = defined(this.names.get(name));
        definitions[title] = this.definitionForEnum(e, title);
    });
    schema.definitions = definitions;
    this.emitMultiline(JSON.stringify(schema, undefined, "    "));
};

cli.main(process.argv.slice(2)).catch((error) => {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
