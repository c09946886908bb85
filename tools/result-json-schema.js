// The JSON Schemas of what the simulator writes (schema/result.schema.json, schema/sweep-result.schema.json),
// generated from the TypeScript types that the code builds those documents from: `SimulationResult`
// (src/simulate/simulate.ts) and `SweepResultFile` (src/sweep/sweep-output.ts). The types are the one
// source of truth; this reads them with the TypeScript compiler, so a field added, renamed or removed in
// the code changes the schema, and test/report/result-json-schema.test.ts fails until `npm run schema`
// has written it again. (A hand-written zod mirror of the ~100 result interfaces would be a second
// source that only a type-level assertion could keep in step.) Each schema's `$comment` names the files
// its types are declared in; the test rebuilds the schemas from those alone, a tenth of src/, to stay cheap.
//
// What JSON.stringify does to the values is part of the mapping: undefined fields are absent (optional),
// a number that is not finite is written as null (allowed only where the type's JSDoc says `@json null`),
// and `summary` (EstimateTree, src/metrics/summarise-replications.ts) is the replication tree with every
// number an Estimate, strings and booleans left out, and arrays as objects keyed by index.
//
//   node tools/result-json-schema.js            writes both files under schema/
//   node tools/result-json-schema.js --stdout   prints { result, sweepResult }
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SIMULATION_RESULT = { file: 'src/simulate/simulate.ts', type: 'SimulationResult', title: 'ai-infra-sim simulation result' };
const SWEEP_RESULT = { file: 'src/sweep/sweep-output.ts', type: 'SweepResultFile', title: 'ai-infra-sim sweep results file' };
const ESTIMATE = { file: 'src/metrics/confidence-interval.ts', type: 'Estimate' };
/** Object keys of a summarised array (summariseReplications keys an array's items by index). */
const INDEX_KEY = '^(0|[1-9][0-9]*)$';
/** The lib the program gets instead of TypeScript's: the global types the compiler needs, and the utility types. */
const LIB = `${ROOT}tools/result-json-schema.lib.d.ts`;
const LIB_TEXT = `
interface Array<T> { length: number; [n: number]: T }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T }
interface Boolean {}
interface Function {}
interface CallableFunction {}
interface NewableFunction {}
interface IArguments {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
`;
/** Lib utility aliases whose instances are written inline rather than as a named definition. */
const INLINE_ALIASES = new Set(['Readonly', 'Record', 'Partial', 'Required', 'Pick', 'Omit', 'ReadonlyArray', 'Array', 'Exclude', 'Extract', 'NonNullable']);

/**
 * A program over the two result types and what they import: only the project's own files are resolved
 * (a package's types do not reach a result), and for a lib just the utility types the result types use
 * (a quarter of the parsing ES5's lib would cost; a type that needs more does not resolve, and is refused).
 * With `only` (paths from the repository root), every other file of src/ reads as empty: the program
 * then holds just the files the types are declared in, a tenth of src/, and opens in a fraction of the time.
 */
function openProgram(only) {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    exactOptionalPropertyTypes: true,
    noLib: true,
    types: [],
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  host.resolveModuleNameLiterals = (literals, containing, _redirect, opts) =>
    literals.map((literal) => (literal.text.startsWith('.') ? ts.resolveModuleName(literal.text, containing, opts, host) : { resolvedModule: undefined }));
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (fileName === LIB) return ts.createSourceFile(fileName, LIB_TEXT, languageVersion);
    if (only && fileName.startsWith(`${ROOT}src/`) && !only.has(fileName.slice(ROOT.length))) return ts.createSourceFile(fileName, '', languageVersion);
    return read(fileName, languageVersion, ...rest);
  };
  const files = [LIB, ...[SIMULATION_RESULT, SWEEP_RESULT, ESTIMATE].map((r) => `${ROOT}${r.file}`)];
  return ts.createProgram(files, options, host);
}

class SchemaWriter {
  constructor(program) {
    this.checker = program.getTypeChecker();
    this.program = program;
    /** definition name → schema, in the order first met */
    this.definitions = {};
    /** `${mode}:${type id}` → definition name */
    this.named = new Map();
    /** the files (from the repository root) of every declaration the document was built from */
    this.sources = new Set();
    /** the $ref of Estimate, what a summary holds in place of each number (set per document) */
    this.estimateRef = undefined;
  }

  exported({ file, type }) {
    const source = this.program.getSourceFile(`${ROOT}${file}`);
    const symbol = source && this.checker.getSymbolAtLocation(source)?.exports?.get(type);
    if (!symbol) throw new Error(`${file} exports no ${type}`);
    return this.checker.getDeclaredTypeOfSymbol(symbol);
  }

  /**
   * A document's schema: the root type's properties, with every definition it reached; `$comment` names
   * the files its types are declared in (the test rebuilds the schema from those alone).
   */
  document({ file, type, title }) {
    this.definitions = {};
    this.named.clear();
    this.sources = new Set([file]);
    this.estimateRef = this.ref(this.exported(ESTIMATE), 'plain');
    const root = this.object(this.exported({ file, type }), 'plain', type);
    this.noteImportChains();
    const $comment = `${GENERATED} ${type} (${file}), declared in: ${[...this.sources].sort().join(' ')}`;
    return { $schema: 'http://json-schema.org/draft-07/schema#', $comment, title, ...root, definitions: this.definitions };
  }

  /**
   * Notes the files an import of a noted type passes through (`export type { X } from` in a module that
   * gathers them): without them the type would not resolve when the schema is rebuilt from its files alone.
   */
  noteImportChains() {
    const c = this.checker;
    const inSources = (d) => this.sources.has(d.getSourceFile().fileName.slice(ROOT.length));
    for (let grew = true; grew;) {
      grew = false;
      for (const file of [...this.sources]) {
        for (const statement of this.program.getSourceFile(`${ROOT}${file}`)?.statements ?? []) {
          for (const specifier of namedSpecifiers(statement)) {
            const chain = [];
            let symbol = c.getSymbolAtLocation(specifier.name);
            while (symbol && symbol.flags & ts.SymbolFlags.Alias) {
              chain.push(symbol);
              symbol = c.getImmediateAliasedSymbol(symbol);
            }
            if (!symbol?.declarations?.some(inSources)) continue;
            for (const alias of chain) {
              const before = this.sources.size;
              this.note(alias);
              grew ||= this.sources.size > before;
            }
          }
        }
      }
    }
  }

  /** Notes the files a symbol is declared in. */
  note(symbol) {
    for (const d of symbol?.declarations ?? []) {
      const name = d.getSourceFile().fileName;
      if (name.startsWith(`${ROOT}src/`)) this.sources.add(name.slice(ROOT.length));
    }
  }

  /** The schema of a type, or undefined when the value is left out of the JSON (never; summary strings). */
  schema(type, mode, where) {
    const c = this.checker;
    this.note(type.aliasSymbol);
    this.note(type.getSymbol());
    const f = type.flags;
    if (f & ts.TypeFlags.Any && type.intrinsicName === 'error') throw new Error(`${where}: a type that does not resolve here; if the result types changed, run npm run schema`);
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (f & ts.TypeFlags.Never) return undefined;
    if (f & ts.TypeFlags.NonPrimitive) return mode === 'summary' ? {} : { type: 'object' };
    if (type.isUnion()) return mode === 'plain' && !(f & ts.TypeFlags.Boolean) && this.nameOf(type) !== undefined ? this.ref(type, mode) : this.union(type, mode, where);
    if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) {
      if (mode === 'summary') return undefined;
      return f & ts.TypeFlags.BooleanLiteral ? { const: type.intrinsicName === 'true' } : { type: 'boolean' };
    }
    if (f & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral | ts.TypeFlags.TemplateLiteral)) {
      if (mode === 'summary') return undefined;
      return type.isStringLiteral() ? { const: type.value } : { type: 'string' };
    }
    if (f & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) {
      if (mode === 'summary') return this.estimateRef;
      return type.isNumberLiteral() ? { const: type.value } : { type: 'number' };
    }
    if (f & ts.TypeFlags.Null) return mode === 'summary' ? undefined : { type: 'null' };
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return undefined;
    if (c.isTupleType(type)) {
      const items = c.getTypeArguments(type).map((t) => this.schema(t, mode, where) ?? {});
      if (mode === 'summary') return { type: 'object', properties: Object.fromEntries(items.map((s, i) => [String(i), s])), required: items.map((_, i) => String(i)), additionalProperties: false };
      return { type: 'array', items, minItems: items.length, maxItems: items.length };
    }
    if (c.isArrayType(type)) {
      const item = this.schema(c.getTypeArguments(type)[0], mode, `${where}[]`) ?? {};
      if (mode === 'summary') return { type: 'object', patternProperties: { [INDEX_KEY]: item }, additionalProperties: false };
      return { type: 'array', items: item };
    }
    if (f & ts.TypeFlags.Object || type.isIntersection()) {
      if (c.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0) throw new Error(`${where}: a function in a written document`);
      return this.named.has(`${mode}:${this.id(type)}`) || this.nameOf(type) !== undefined ? this.ref(type, mode) : this.object(type, mode, where);
    }
    throw new Error(`${where}: no JSON Schema for the type ${c.typeToString(type)}`);
  }

  union(type, mode, where) {
    const members = [];
    for (const t of type.types) {
      const s = this.schema(t, mode, where);
      if (s !== undefined && !members.some((m) => JSON.stringify(m) === JSON.stringify(s))) members.push(s);
    }
    if (members.length === 0) return undefined;
    // true | false is boolean
    if (members.length === 2 && members.every((m) => typeof m.const === 'boolean')) return { type: 'boolean' };
    if (members.every((m) => m.const !== undefined)) return { enum: members.map((m) => m.const) };
    const plain = members.map((m) => Object.keys(m));
    if (members.length > 1 && plain.every((keys, i) => keys.length === 1 && keys[0] === 'type' && typeof members[i].type === 'string')) return { type: members.map((m) => m.type) };
    if (members.length === 1) return members[0];
    return this.discriminated(members) ?? { anyOf: members };
  }

  /**
   * Objects told apart by one constant field (`kind: batch | training | …`) as if/then on that field, so
   * a validator reports what is wrong with the one member the document names, not with every member.
   */
  discriminated(members) {
    const objects = members.map((m) => (m.$ref ? this.definitions[m.$ref.slice('#/definitions/'.length)] : m));
    if (!objects.every((o) => o?.type === 'object' && o.properties)) return undefined;
    const key = Object.keys(objects[0].properties).find((k) =>
      objects.every((o) => o.required?.includes(k) && o.properties[k]?.const !== undefined && objects.filter((p) => p.properties[k].const === o.properties[k].const).length === 1),
    );
    if (key === undefined) return undefined;
    const values = objects.map((o) => o.properties[key].const);
    return {
      type: 'object',
      required: [key],
      properties: { [key]: { enum: values } },
      allOf: members.map((m, i) => ({ if: { properties: { [key]: { const: values[i] } } }, then: m })),
    };
  }

  id(type) {
    return type.id ?? this.checker.typeToString(type);
  }

  /** The name of a type declared in the project (an interface, or an alias of our own), else undefined. */
  nameOf(type) {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || INLINE_ALIASES.has(symbol.name) || symbol.name.startsWith('__')) return undefined;
    const declaration = symbol.declarations?.[0];
    if (!declaration || !declaration.getSourceFile().fileName.startsWith(`${ROOT}src/`)) return undefined;
    return this.checker
      .typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)
      .replace(/^(readonly )+/, '')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/_+$/, '');
  }

  /** A $ref to the type's definition (an object's, or a named union's), written once: a definition can refer to itself. */
  ref(type, mode) {
    const key = `${mode}:${this.id(type)}`;
    let name = this.named.get(key);
    if (name === undefined) {
      const base = `${this.nameOf(type) ?? 'Object'}${mode === 'summary' ? '_summary' : ''}`;
      name = base;
      for (let i = 2; name in this.definitions; i++) name = `${base}_${i}`;
      this.named.set(key, name);
      this.definitions[name] = {};
      this.definitions[name] = type.isUnion() ? this.union(type, mode, name) : this.object(type, mode, name);
    }
    return { $ref: `#/definitions/${name}` };
  }

  /** A closed object: its properties (optional where the type says so), and its index signature's values if any. */
  object(type, mode, where) {
    const c = this.checker;
    const properties = {};
    const required = [];
    for (const property of c.getPropertiesOfType(type)) {
      this.note(property);
      const summarised = estimateTreeOf(property);
      const declared = summarised ? c.getTypeFromTypeNode(summarised) : c.getTypeOfSymbol(property);
      let s = this.schema(declared, summarised ? 'summary' : mode, `${where}.${property.name}`);
      if (s === undefined) continue;
      const doc = ts.displayPartsToString(property.getDocumentationComment(c)).replace(/\s+/g, ' ').trim();
      if (mode === 'plain' && jsonNull(property) && !allowsNull(s)) s = { anyOf: [s, { type: 'null' }] };
      properties[property.name] = doc && mode === 'plain' && s.$ref === undefined ? { description: doc, ...s } : s;
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || (mode === 'summary' && mayBeLeftOut(declared));
      if (!optional) required.push(property.name);
    }
    const index = c.getIndexInfoOfType(type, ts.IndexKind.String);
    const values = index ? this.schema(index.type, mode, `${where}[key]`) : undefined;
    return {
      type: 'object',
      ...(Object.keys(properties).length > 0 && { properties }),
      ...(required.length > 0 && { required }),
      additionalProperties: values ?? false,
    };
  }
}

/**
 * The T of a property declared `EstimateTree<T>`: its value is written by summariseReplications, whose
 * JSON differs from what TypeScript makes of the mapped type (arrays become index-keyed objects).
 */
function estimateTreeOf(property) {
  const node = property.valueDeclaration?.type;
  return node && ts.isTypeReferenceNode(node) && node.typeName.getText() === 'EstimateTree' ? node.typeArguments?.[0] : undefined;
}

/** The named imports and exports of a statement (`import { a, type B } from`, `export type { C } from`). */
function namedSpecifiers(statement) {
  if (ts.isImportDeclaration(statement)) {
    const bindings = statement.importClause?.namedBindings;
    return bindings && ts.isNamedImports(bindings) ? bindings.elements : [];
  }
  return ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause) ? statement.exportClause.elements : [];
}

/** `@json null` in a property's JSDoc: a number that may not be finite (Infinity, NaN), which JSON writes as null. */
function jsonNull(property) {
  return property.getJsDocTags().some((tag) => tag.name === 'json' && /^null\b/.test(ts.displayPartsToString(tag.text).trim()));
}

function allowsNull(s) {
  return s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null')) || (s.anyOf ?? []).some(allowsNull);
}

/** A summarised value is left out when the first replication's value was null or not a number (e.g. `number | null`). */
function mayBeLeftOut(type) {
  return type.isUnion() && type.types.some((t) => t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined));
}

const GENERATED = 'Generated by tools/result-json-schema.js (npm run schema) from';

/** The files a generated schema's `$comment` says its types are declared in. */
export function declaredIn(schema) {
  const comment = String(schema.$comment ?? '');
  const at = comment.indexOf('declared in: ');
  return at < 0 ? [] : comment.slice(at + 'declared in: '.length).split(' ');
}

function schemasOf(program) {
  const writer = new SchemaWriter(program);
  return { result: writer.document(SIMULATION_RESULT), sweepResult: writer.document(SWEEP_RESULT) };
}

/**
 * Both schemas from the current sources. With `only` (the files the committed schemas name), from those
 * files alone: the same schemas while those files are unchanged, and a different one (an unresolved type
 * is `{}`) when a type they declare changed or now lives elsewhere. Without it, from the whole of src/,
 * checked to come out the same from the files it names, so that the cheap rebuild is a faithful one.
 */
export function resultJsonSchemas(only) {
  if (only) return schemasOf(openProgram(new Set(only)));
  const schemas = schemasOf(openProgram());
  const named = new Set([...declaredIn(schemas.result), ...declaredIn(schemas.sweepResult)]);
  const again = schemasOf(openProgram(named));
  if (JSON.stringify(again) !== JSON.stringify(schemas)) throw new Error('the schemas differ when built from the files they name alone: a type is declared in a file the generator did not note');
  return schemas;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { result, sweepResult } = resultJsonSchemas();
  if (process.argv.includes('--stdout')) process.stdout.write(`${JSON.stringify({ result, sweepResult }, null, 2)}\n`);
  else {
    writeFileSync(`${ROOT}schema/result.schema.json`, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(`${ROOT}schema/sweep-result.schema.json`, `${JSON.stringify(sweepResult, null, 2)}\n`);
  }
}
