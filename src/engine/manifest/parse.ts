/**
 * Turns pasted multi-document YAML into plain JSON objects the way `kubectl apply -f` reads it
 * (sigs.k8s.io/yaml on top of go-yaml v2), keeping exact source positions for diagnostics.
 *
 * The yaml library only builds the syntax tree here. The conversion to JSON is our own walk over
 * that tree, because it has to enforce things toJS() does not: string-only keys, go-yaml's
 * duplicate-key and merge rules, no Infinity/NaN, a depth limit, alias budgets and `__proto__`
 * safety, and it has to report each problem with a line and a field path.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode, Tags, YAMLError } from 'yaml';

/** One problem found while reading the manifest. Lines and columns are 1-based, in the pasted text. */
export interface ManifestDiagnostic {
  message: string;
  /** 1-based position of the document in the stream, as in ParsedDocument.index. */
  document?: number;
  line?: number;
  column?: number;
  /** Field path inside the document, formatted like formatPath() does. */
  path?: string;
}

/** One Kubernetes object read from the stream (or one item of a `kind: List` document). */
export interface ParsedDocument {
  /**
   * 1-based position of the source document among all documents of the stream, empty ones
   * included, so "document 3" is the third `---`-separated part the user sees. Items expanded
   * from one `kind: List` document share that document's index.
   */
  index: number;
  /**
   * Plain JSON (objects, arrays, strings, finite numbers, booleans, null); null for an empty document (no content).
   * A `__proto__` key is kept as an ordinary own property, so copy these objects with spread or
   * structuredClone: `copy[key] = value` in a loop would turn that key into a prototype change.
   */
  object: Record<string, unknown> | null;
  /**
   * 1-based line/column of the node at a field path like ['spec','template','spec','containers',0,'image'],
   * or of the deepest existing ancestor if the exact path is absent. Also accept a dotted string path like
   * 'spec.template.spec.containers[0].image' (keys containing dots go in brackets:
   * metadata.labels["app.kubernetes.io/name"]).
   * A mapping entry points at its value when the value sits on the key's line (scalars, flow collections,
   * aliases) and at its key otherwise (block collections, empty values). Paths of List items are relative
   * to the item. The index behind it is built on the first call, then each lookup is O(depth).
   */
  positionOf(path: string | (string | number)[]): { line: number; column: number };
  /** 1-based first line of the document's content (of its `---` marker when it is empty). */
  line: number;
}

/**
 * Result of parseManifests. `documents` holds every document that converted cleanly; a document with
 * any problem is left out and described in `errors`. The caller must apply nothing while `errors` is
 * non-empty.
 */
export interface ParseResult {
  documents: ParsedDocument[];
  errors: ManifestDiagnostic[];
}

const MIB = 1024 * 1024;
const DEFAULT_MAX_BYTES = MIB;
/** Deeper than any real manifest; keeps the recursive walks far from the stack limit. */
const MAX_DEPTH = 200;
/**
 * Alias expansions allowed per document, counting aliases met inside expanded content too, so a
 * "billion laughs" chain fails after a handful of levels. Same number as the yaml library's
 * maxAliasCount default; that option itself only guards toJS(), which this module does not use.
 */
const MAX_ALIAS_COUNT = 100;
/** Keeps a long error list from drowning the first, usually most useful, messages. */
const MAX_DIAGNOSTICS = 100;
const KUBECTL_PREFIX = 'error converting YAML to JSON: yaml: ';

/**
 * YAML 1.1 matches go-yaml v2 on the cases people hit in manifests: unquoted yes/no/on/off/y/n are
 * booleans, 0755 is octal, `<<` merges. Tags go-yaml v2 leaves alone when decoding into interface{}
 * are dropped, so they stay strings as they do for kubectl: timestamps (go-yaml keeps them as text),
 * base-60 numbers like 1:20 (never supported by go-yaml), and the explicit !!binary, !!set, !!omap
 * and !!pairs tags, which would otherwise yield Dates, Sets or byte arrays that are not JSON.
 */
const DROPPED_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
]);
const goYamlTags = (tags: Tags): Tags =>
  tags.filter((tag) => typeof tag === 'string' || (!DROPPED_TAGS.has(tag.tag) && tag.format !== 'TIME'));

/** The literal spellings of infinity and NaN, as opposed to a number too large for a double. */
const INF_OR_NAN = /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;
const SIMPLE_KEY = /^[A-Za-z0-9_$/-]+$/;

type Segment = string | number;

/** Why conversion of the current document stopped; its diagnostic is already recorded. */
class StopDocument extends Error {}

/** Per-document state shared by the converter, the position index and List items. */
interface DocSource {
  doc: Document.Parsed;
  lines: LineCounter;
  number: number;
  anchors: Map<Alias, YamlNode | undefined> | null;
}

/** Budgets that span the whole stream, so splitting an attack over documents does not help. */
interface StreamBudget {
  expandedBytes: number;
  maxExpandedBytes: number;
}

interface Converter {
  src: DocSource;
  budget: StreamBudget;
  errors: ManifestDiagnostic[];
  aliasCount: number;
  /** Anchored nodes being converted right now: meeting one again through an alias is a cycle. */
  active: Set<YamlNode>;
  path: Segment[];
}

interface PosNode {
  offset: number;
  keys: Map<string, PosNode> | null;
  items: PosNode[] | null;
}

/**
 * Parses a multi-document YAML stream into plain JSON objects with source positions. Never throws.
 * Rejects input over `maxBytes` (UTF-8 bytes, default 1 MiB) before parsing. YAML errors use kubectl's
 * wording ("error converting YAML to JSON: yaml: line N: ..."), with line numbers counted in the whole
 * pasted text rather than per document as kubectl does. `kind: List` (and any `*List` with an `items`
 * array) is expanded into its items. Missing apiVersion/kind is left for the caller to report.
 */
export function parseManifests(text: string, options?: { maxBytes?: number }): ParseResult {
  const maxBytes = options?.maxBytes ?? DEFAULT_MAX_BYTES;
  if (exceedsUtf8Bytes(text, maxBytes)) {
    return {
      documents: [],
      errors: [
        {
          message: `manifest is too large: it is over the limit of ${describeBytes(maxBytes)}; split it into smaller parts`,
          line: 1,
          column: 1,
        },
      ],
    };
  }

  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      version: '1.1',
      customTags: goYamlTags,
      lineCounter: lines,
      // Duplicate keys are reported by our walk, with go-yaml's wording and both lines.
      uniqueKeys: false,
      prettyErrors: false,
    });
  } catch (error) {
    // The library reports problems as document errors; this only guards against its own bugs.
    return { documents: [], errors: [{ message: `${KUBECTL_PREFIX}${errorText(error)}` }] };
  }

  const documents: ParsedDocument[] = [];
  const errors: ManifestDiagnostic[] = [];
  const budget: StreamBudget = { expandedBytes: 0, maxExpandedBytes: Math.max(maxBytes, 0) };

  if (docs.length === 0 && text.trim() !== '') {
    // A paste of nothing but comments is one empty document to the user, as in kubectl's splitter.
    documents.push(emptyDocument(1, 1));
  }

  docs.forEach((doc, i) => {
    const number = i + 1;
    if (doc.errors.length > 0) {
      addDiagnostic(errors, syntaxDiagnostic(doc, number, lines));
      return;
    }
    const src: DocSource = { doc, lines, number, anchors: null };
    const contents = doc.contents;
    // `---` followed by nothing, comments only, or an explicit null: kubectl skips these silently.
    if (contents === null || (isScalar(contents) && contents.value === null)) {
      documents.push(emptyDocument(number, lines.linePos(doc.range[0]).line));
      return;
    }
    if (!isMap(contents)) {
      addDiagnostic(errors, {
        message: `document ${number}: expected a Kubernetes object (a mapping with apiVersion and kind), got ${describeNode(contents)}`,
        ...at(src, offsetOf(contents)),
      });
      return;
    }

    const converter: Converter = { src, budget, errors, aliasCount: 0, active: new Set(), path: [] };
    const errorsBefore = errors.length;
    let object: Record<string, unknown>;
    try {
      object = convertMap(contents, 1, converter);
    } catch (error) {
      // StopDocument already left its diagnostic; anything else is a bug here, but one bad
      // document must not take the whole paste (or the UI) down with it.
      if (!(error instanceof StopDocument)) {
        addDiagnostic(errors, {
          message: `document ${number}: could not be read: ${errorText(error)}`,
          ...at(src, offsetOf(contents)),
        });
      }
      return;
    }
    if (errors.length > errorsBefore) return;

    if (isListObject(object)) {
      expandList(object, contents, src, documents, errors);
    } else {
      const line = lines.linePos(offsetOf(contents)).line;
      const buildIndex = (): PosNode => indexNode(contents, offsetOf(contents), src);
      documents.push(makeDocument(number, object, line, src, buildIndex));
    }
  });

  return { documents, errors };
}

/**
 * Formats a field path the way diagnostics and positionOf() spell it: dots between keys, [n] for
 * list indexes, and ["..."] for keys that are not plain words (for example label keys with dots).
 */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (SIMPLE_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Documents and Lists

function emptyDocument(index: number, line: number): ParsedDocument {
  return { index, object: null, line, positionOf: () => ({ line, column: 1 }) };
}

/** The first line is passed in so that building the position index can wait for positionOf(). */
function makeDocument(
  index: number,
  object: Record<string, unknown>,
  line: number,
  src: DocSource,
  buildIndex: () => PosNode
): ParsedDocument {
  let root: PosNode | null = null;
  return {
    index,
    object,
    line,
    positionOf(path) {
      root ??= buildIndex();
      const node = lookup(root, typeof path === 'string' ? parsePath(path) : path);
      const pos = src.lines.linePos(node.offset);
      return { line: pos.line, column: pos.col };
    },
  };
}

/**
 * kubectl's unstructured decoder treats any object with an `items` array and a kind ending in "List"
 * as a list and applies its items one by one. Items with neither kind nor apiVersion inherit them
 * from a typed list (PodList → Pod), as apimachinery's decodeToList does.
 */
function isListObject(object: Record<string, unknown>): boolean {
  const kind = object['kind'];
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(object['items']);
}

function expandList(
  list: Record<string, unknown>,
  contents: YamlNode,
  src: DocSource,
  documents: ParsedDocument[],
  errors: ManifestDiagnostic[]
): void {
  const items = list['items'] as unknown[];
  const kind = list['kind'] as string;
  const itemKind = kind.slice(0, -'List'.length);
  let listIndex: PosNode | null = null;
  const itemIndex = (i: number): PosNode => {
    listIndex ??= indexNode(contents, offsetOf(contents), src);
    return listIndex.keys?.get('items')?.items?.[i] ?? listIndex;
  };
  items.forEach((item, i) => {
    if (!isPlainObject(item)) {
      const offset = itemIndex(i).offset;
      addDiagnostic(errors, {
        message: `document ${src.number}: item ${i} of the ${kind}: expected a Kubernetes object (a mapping with apiVersion and kind), got ${describeValue(item)}`,
        ...at(src, offset),
        path: formatPath(['items', i]),
      });
      return;
    }
    if (itemKind !== '' && item['kind'] === undefined && item['apiVersion'] === undefined) {
      item['kind'] = itemKind;
      if (list['apiVersion'] !== undefined) item['apiVersion'] = list['apiVersion'];
    }
    // Items can sit behind aliases or merges, so their lines come from the (then eager) List index.
    const line = src.lines.linePos(itemIndex(i).offset).line;
    documents.push(makeDocument(src.number, item, line, src, () => itemIndex(i)));
  });
}

// ---------------------------------------------------------------------------------------------
// YAML tree → JSON

function convert(node: unknown, depth: number, cv: Converter): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return convertScalar(node.value, node.source, offsetOf(node), cv);
  if (isAlias(node)) return convertAlias(node, depth, cv);
  if (isMap(node)) return convertMap(node, depth, cv);
  if (isSeq(node)) {
    enter(node, depth, cv);
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      cv.path.push(i);
      out.push(convert(item, depth + 1, cv));
      cv.path.pop();
    });
    leave(node, cv);
    return out;
  }
  // Pairs only appear inside collections; anything else would be a library change we do not know.
  fail(cv, offsetOf(node), 'unsupported YAML node');
}

function convertScalar(value: unknown, source: string | undefined, offset: number, cv: Converter): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    if (source === undefined || INF_OR_NAN.test(source)) {
      const where = formatPath(cv.path) || 'the top level';
      const literal = JSON.stringify(source ?? String(value));
      report(cv, offset, `invalid number ${literal} at ${where}: JSON has no infinity or NaN`);
      return null;
    }
    // Too large for a double (1e400) or not a number at all ("."): go-yaml keeps such text as a
    // string, so later validation rejects it as a wrong type rather than us inventing a value.
    return source;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'symbol') return value.description ?? '';
  return String(value);
}

function convertAlias(alias: Alias, depth: number, cv: Converter): unknown {
  const offset = offsetOf(alias);
  const target = resolveAlias(alias, cv.src);
  if (target === undefined) fail(cv, offset, `unknown anchor '${alias.source}' referenced`);
  if (cv.active.has(target)) fail(cv, offset, `anchor '${alias.source}' value contains itself`);
  cv.aliasCount += 1;
  if (cv.aliasCount > MAX_ALIAS_COUNT) {
    fail(cv, offset, `document contains excessive aliasing (more than ${MAX_ALIAS_COUNT} alias expansions)`);
  }
  const range = target.range;
  cv.budget.expandedBytes += range ? Math.max(range[1] - range[0], 1) : 1;
  if (cv.budget.expandedBytes > cv.budget.maxExpandedBytes) {
    const limit = describeBytes(cv.budget.maxExpandedBytes);
    fail(cv, offset, `document contains excessive aliasing (aliases expand to more than ${limit})`);
  }
  return convert(target, depth, cv);
}

function convertMap(node: YamlNode, depth: number, cv: Converter): Record<string, unknown> {
  if (!isMap(node)) return {};
  enter(node, depth, cv);
  const out: Record<string, unknown> = {};
  const firstSeen = new Map<string, number>();
  const merges: unknown[] = [];
  for (const pair of node.items) {
    if (isMergeKey(pair.key)) {
      merges.push(pair.value);
      continue;
    }
    const keyOffset = pair.key === null ? offsetOf(pair.value) : offsetOf(pair.key);
    const key = keyString(pair.key, keyOffset, cv);
    if (key === undefined) continue;
    const previous = firstSeen.get(key);
    if (previous !== undefined) {
      const line = cv.src.lines.linePos(keyOffset).line;
      const firstLine = cv.src.lines.linePos(previous).line;
      addDiagnostic(cv.errors, {
        message: `${KUBECTL_PREFIX}unmarshal errors: line ${line}: mapping key ${JSON.stringify(key)} already defined at line ${firstLine}`,
        ...at(cv.src, keyOffset),
        path: formatPath([...cv.path, key]),
      });
      continue;
    }
    firstSeen.set(key, keyOffset);
    cv.path.push(key);
    setOwn(out, key, convert(pair.value, depth + 1, cv));
    cv.path.pop();
  }
  // Explicit keys win over merged ones, and earlier merge sources over later ones (the YAML merge
  // spec; go-yaml v2 is order-sensitive here, which only matters when `<<` is not written first).
  for (const value of merges) {
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const merged = convert(source, depth, cv);
      if (!isPlainObject(merged)) {
        report(cv, offsetOf(source ?? value), 'map merge requires map or sequence of maps as the value');
        continue;
      }
      for (const key of Object.keys(merged)) {
        if (!Object.hasOwn(out, key)) setOwn(out, key, merged[key]);
      }
    }
  }
  leave(node, cv);
  return out;
}

function keyString(key: unknown, offset: number, cv: Converter): string | undefined {
  const text = scalarKey(key, cv.src);
  if (text !== undefined) return text;
  const node = isAlias(key) ? resolveAlias(key, cv.src) : key;
  const what = node === null || node === undefined || isScalar(node) ? 'null' : describeNode(node);
  report(cv, offset, `invalid map key: ${what} (Kubernetes object keys must be strings)`);
  return undefined;
}

/**
 * sigs.k8s.io/yaml turns int, float and bool keys into their string form (so `yes:` becomes
 * "true", as kubectl does) and rejects every other key type; undefined marks such a key.
 */
function scalarKey(key: unknown, src: DocSource): string | undefined {
  const node = isAlias(key) ? resolveAlias(key, src) : key;
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return String(value);
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  }
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  if (typeof value === 'symbol') return value.description === '<<';
  // go-yaml merges on a plain `<<` even under a %YAML 1.2 directive, where the library would not.
  return value === '<<' && key.type === 'PLAIN';
}

function enter(node: YamlNode, depth: number, cv: Converter): void {
  if (depth > MAX_DEPTH) {
    fail(cv, offsetOf(node), `document is nested too deeply (more than ${MAX_DEPTH} levels)`);
  }
  if (hasAnchor(node)) cv.active.add(node);
}

function leave(node: YamlNode, cv: Converter): void {
  if (hasAnchor(node)) cv.active.delete(node);
}

/** `obj[key] = v` with key "__proto__" would replace the prototype; defining the property never does. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

function resolveAlias(alias: Alias, src: DocSource): YamlNode | undefined {
  if (src.anchors === null) {
    // One pass in document order, like the library's own resolve() but without its O(n) scan per alias.
    const latest = new Map<string, YamlNode>();
    const anchors = new Map<Alias, YamlNode | undefined>();
    visit(src.doc, {
      Node(_key, node) {
        if (isAlias(node)) anchors.set(node, latest.get(node.source));
        else if (node.anchor) latest.set(node.anchor, node);
      },
    });
    src.anchors = anchors;
  }
  return src.anchors.get(alias);
}

function report(cv: Converter, offset: number, what: string): void {
  const path = formatPath(cv.path);
  const pos = cv.src.lines.linePos(offset);
  addDiagnostic(cv.errors, {
    message: `${KUBECTL_PREFIX}line ${pos.line}: ${what}`,
    document: cv.src.number,
    line: pos.line,
    column: pos.col,
    ...(path === '' ? {} : { path }),
  });
}

function fail(cv: Converter, offset: number, what: string): never {
  report(cv, offset, what);
  throw new StopDocument(what);
}

// ---------------------------------------------------------------------------------------------
// Position index

/**
 * Mirrors the converter's view of the tree (aliases followed, merged keys added after explicit
 * ones) so that every path of the JSON object has a node. Only runs on documents that converted
 * without error, so cycles and alias budgets were already checked.
 */
function indexNode(node: unknown, site: number, src: DocSource): PosNode {
  if (isAlias(node)) {
    const target = resolveAlias(node, src);
    return target === undefined ? leaf(site) : indexNode(target, site, src);
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => indexNode(item, offsetOf(item), src));
    return { offset: site, keys: null, items };
  }
  if (!isMap(node)) return leaf(site);
  const keys = new Map<string, PosNode>();
  const merges: unknown[] = [];
  for (const pair of node.items) {
    if (isMergeKey(pair.key)) {
      merges.push(pair.value);
      continue;
    }
    const key = scalarKey(pair.key, src);
    if (key === undefined || keys.has(key)) continue;
    keys.set(key, indexNode(pair.value, entrySite(pair.key, pair.value), src));
  }
  for (const value of merges) {
    for (const source of isSeq(value) ? value.items : [value]) {
      const merged = indexNode(source, offsetOf(source), src);
      for (const [key, child] of merged.keys ?? []) if (!keys.has(key)) keys.set(key, child);
    }
  }
  return { offset: site, keys, items: null };
}

function leaf(offset: number): PosNode {
  return { offset, keys: null, items: null };
}

/** Values on the key's line are the precise spot; for block collections and empty values the key is. */
function entrySite(key: unknown, value: unknown): number {
  const keyOffset = key === null || key === undefined ? offsetOf(value) : offsetOf(key);
  if (value === null || value === undefined || isImplicitNull(value)) return keyOffset;
  if ((isMap(value) || isSeq(value)) && !value.flow) return keyOffset;
  return offsetOf(value);
}

function lookup(root: PosNode, path: readonly Segment[]): PosNode {
  let node = root;
  for (const segment of path) {
    let next: PosNode | undefined;
    if (typeof segment === 'number') {
      next = node.items?.[segment] ?? node.keys?.get(String(segment));
    } else {
      next = node.keys?.get(segment);
      if (next === undefined && node.items !== null && /^\d+$/.test(segment)) {
        next = node.items[Number(segment)];
      }
    }
    if (next === undefined) break;
    node = next;
  }
  return node;
}

/** Reads 'a.b[0].c' and 'a["x.y"]' / "a['x.y']"; bare digits in brackets are list indexes. */
function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  let current = '';
  let i = 0;
  const flush = (): void => {
    if (current !== '') segments.push(current);
    current = '';
  };
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      flush();
      i += 1;
    } else if (ch === '[') {
      flush();
      const quote = path[i + 1];
      if (quote === '"' || quote === "'") {
        let end = i + 2;
        while (end < path.length && path[end] !== quote) end += path[end] === '\\' ? 2 : 1;
        const raw = path.slice(i + 1, end + 1);
        segments.push(quote === '"' ? parseQuoted(raw) : raw.slice(1, -1));
        i = path.indexOf(']', end);
        i = i === -1 ? path.length : i + 1;
      } else {
        const end = path.indexOf(']', i);
        const inner = path.slice(i + 1, end === -1 ? path.length : end);
        segments.push(/^\d+$/.test(inner) ? Number(inner) : inner);
        i = end === -1 ? path.length : end + 1;
      }
    } else {
      current += ch;
      i += 1;
    }
  }
  flush();
  return segments;
}

function parseQuoted(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

/**
 * One diagnostic per broken document: the library often reports follow-on errors for the same
 * mistake, and the first one is the one to fix. Messages keep go-yaml's words where users know
 * them from kubectl, with a plain explanation added.
 */
function syntaxDiagnostic(doc: Document.Parsed, number: number, lines: LineCounter): ManifestDiagnostic {
  const first = doc.errors[0] as YAMLError;
  let offset = first.pos[0];
  let what: string;
  switch (first.code) {
    case 'TAB_AS_INDENT':
      what = 'found character that cannot start any token (a tab is used for indentation; YAML indents with spaces only)';
      break;
    case 'MISSING_CHAR':
      if (/quote/i.test(first.message)) {
        offset = unclosedQuoteStart(doc, offset) ?? offset;
        what = 'found unexpected end of stream (the quoted string that starts here is never closed)';
      } else {
        what = lowerFirst(first.message);
      }
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // A "key: value" nested into a plain value (usually an over-indented line) yields both codes
      // at one offset; go-yaml points at its `:`, which is where the multi-line-key error ends.
      const sameStart = (code: string): YAMLError | undefined =>
        doc.errors.find((e) => e.code === code && e.pos[0] === first.pos[0]);
      const multiline = sameStart('MULTILINE_IMPLICIT_KEY');
      if (first.code === 'BLOCK_AS_IMPLICIT_KEY' || sameStart('BLOCK_AS_IMPLICIT_KEY')) {
        if (multiline) offset = multiline.pos[1];
        what = 'mapping values are not allowed in this context (a "key: value" appears where a plain value was expected; check the indentation)';
      } else {
        what = 'did not find expected key (a key must fit on one line; check the indentation of this line)';
      }
      break;
    }
    case 'RESOURCE_EXHAUSTION':
      what = `document is nested too deeply (more than ${MAX_DEPTH} levels)`;
      break;
    default:
      what = goYamlWords(first) ?? lowerFirst(first.message);
  }
  const pos = lines.linePos(offset);
  const message = `${KUBECTL_PREFIX}line ${pos.line}: ${what}`;
  return { message, document: number, line: pos.line, column: pos.col };
}

/**
 * go-yaml's (libyaml's) words for the library's other common errors, as kubectl prints them after
 * "yaml: line N:"; undefined where there is no clear counterpart (the library's text is kept).
 */
function goYamlWords(error: YAMLError): string | undefined {
  const message = error.message;
  if (/Flow sequence/.test(message)) return "did not find expected ',' or ']'";
  if (/Flow map/.test(message)) return "did not find expected ',' or '}'";
  switch (error.code) {
    case 'BAD_DQ_ESCAPE':
      return 'found unknown escape character';
    case 'BAD_INDENT':
      return 'did not find expected key';
    case 'MISSING_CHAR':
      return /map values/.test(message) ? "could not find expected ':'" : undefined;
    case 'UNEXPECTED_TOKEN':
      if (/block-seq-ind/.test(message)) return 'did not find expected key';
      if (/at node end/.test(message)) return "did not find expected '-' indicator";
      return 'did not find expected <document start>';
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token';
    default:
      return undefined;
  }
}

/** The library reports an unclosed quote where the input ends; users need to see where it opened. */
function unclosedQuoteStart(doc: Document.Parsed, errorOffset: number): number | undefined {
  let best: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      const range = node.range;
      if (!range || (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE')) return;
      const covers = range[0] <= errorOffset && range[1] >= errorOffset;
      if (covers && (best === undefined || range[0] > best)) best = range[0];
    },
  });
  return best;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function addDiagnostic(errors: ManifestDiagnostic[], diagnostic: ManifestDiagnostic): void {
  if (errors.length < MAX_DIAGNOSTICS) errors.push(diagnostic);
}

function at(src: DocSource, offset: number): { document: number; line: number; column: number } {
  const pos = src.lines.linePos(offset);
  return { document: src.number, line: pos.line, column: pos.col };
}

function offsetOf(node: unknown): number {
  if (typeof node !== 'object' || node === null || !('range' in node)) return 0;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0] ?? 0;
}

function hasAnchor(node: YamlNode): boolean {
  return !isAlias(node) && typeof node.anchor === 'string' && node.anchor !== '';
}

/** An absent value (`key:` with nothing after it) is parsed as a zero-width null scalar. */
function isImplicitNull(node: unknown): boolean {
  if (!isScalar(node) || node.value !== null) return false;
  const range = node.range;
  return !range || range[0] === range[1];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a sequence';
  if (isMap(node)) return 'a mapping';
  if (isAlias(node)) return 'an alias';
  if (isScalar(node)) return describeValue(node.value);
  return 'an unknown node';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a mapping';
    default:
      return `a ${typeof value}`;
  }
}

function describeBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB (${bytes} bytes)`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

/** Counts UTF-8 bytes without TextEncoder (not in the engine's ES-only lib) and stops early. */
function exceedsUtf8Bytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else {
        bytes += 3;
      }
    } else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

function lowerFirst(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.charAt(0).toLowerCase() + line.slice(1);
}

function errorText(error: unknown): string {
  return error instanceof Error ? lowerFirst(error.message) : String(error);
}
