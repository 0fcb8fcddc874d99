/**
 * Every read of the services, bots and libs gathered whole (`find(...).toArray()`, `aggregate(...).toArray()`,
 * `for await` over a find) comes in one batch: it passes WHOLE_ANSWER, or it cannot pass 101 documents (a
 * `limit` of at most 101 written as a number or a constant, or an `_id` equality). On FerretDB an answer in several batches
 * holds a PostgreSQL connection while its cursor is open, and more such reads at once than the pool deadlocks
 * the server (docs/QUERIES.md, "Whole answers in one batch").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');
/** The first batch of a find or aggregate holds 101 documents unless asked otherwise. */
const FIRST_BATCH = 101;

/** The reads in `source` that may come in more than one batch, as `line: text`. */
function readsInBatches(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const initializers = new Map<string, ts.Expression>();
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer)
      initializers.set(node.name.text, node.initializer);
    ts.forEachChild(node, collect);
  };
  collect(file);

  /** The method calls of a chain, outermost first, following a variable to what it was set to. */
  const chainOf = (start: ts.Expression): ts.CallExpression[] => {
    const calls: ts.CallExpression[] = [];
    const seen = new Set<string>();
    let node: ts.Expression = start;
    for (;;) {
      while (ts.isAwaitExpression(node) || ts.isParenthesizedExpression(node) || ts.isAsExpression(node))
        node = node.expression;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        calls.push(node);
        node = node.expression.expression;
      } else if (ts.isIdentifier(node) && initializers.has(node.text) && !seen.has(node.text)) {
        seen.add(node.text);
        node = initializers.get(node.text)!;
      } else return calls;
    }
  };
  const nameOf = (call: ts.CallExpression) => (call.expression as ts.PropertyAccessExpression).name.text;
  /** Options that ask for one batch: WHOLE_ANSWER, spread in or named by a constant of the file, or a batchSize. */
  const isWholeAnswer = (e: ts.Expression | undefined, depth = 0): boolean =>
    e !== undefined &&
    depth < 4 &&
    ((ts.isIdentifier(e) &&
      (e.text === 'WHOLE_ANSWER' ||
        (initializers.has(e.text) && isWholeAnswer(initializers.get(e.text), depth + 1)))) ||
      (ts.isObjectLiteralExpression(e) &&
        e.properties.some(
          (p) =>
            (ts.isSpreadAssignment(p) && isWholeAnswer(p.expression, depth + 1)) ||
            (ts.isPropertyAssignment(p) && p.name.getText(file) === 'batchSize'),
        )));
  const byId = (filter: ts.Expression | undefined): boolean =>
    filter !== undefined &&
    ts.isObjectLiteralExpression(filter) &&
    filter.properties.some(
      (p) =>
        (ts.isShorthandPropertyAssignment(p) && p.name.text === '_id') ||
        (ts.isPropertyAssignment(p) && p.name.getText(file) === '_id' && !ts.isObjectLiteralExpression(p.initializer)),
    );
  /** A `limit` of at most 101 written as a number, or as a constant of the file set to one. */
  const smallLimit = (call: ts.CallExpression): boolean => {
    let n = call.arguments[0];
    if (n !== undefined && ts.isIdentifier(n)) n = initializers.get(n.text);
    return n !== undefined && ts.isNumericLiteral(n) && Number(n.text.replace(/_/g, '')) <= FIRST_BATCH;
  };

  const offences: string[] = [];
  const check = (node: ts.Node, chain: ts.CallExpression[]): void => {
    const query = chain.find((c) => nameOf(c) === 'find' || nameOf(c) === 'aggregate');
    if (!query) return;
    const oneBatch =
      isWholeAnswer(query.arguments[1]) ||
      chain.some((c) => nameOf(c) === 'batchSize') ||
      chain.some((c) => nameOf(c) === 'limit' && smallLimit(c)) ||
      (nameOf(query) === 'find' && byId(query.arguments[0]));
    if (!oneBatch) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      offences.push(`${line + 1}: ${node.getText(file).replace(/\s+/g, ' ').slice(0, 140)}`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      if (node.expression.name.text === 'toArray') check(node, chainOf(node));
    } else if (ts.isForOfStatement(node) && node.awaitModifier) check(node.expression, chainOf(node.expression));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return offences;
}

/** The TypeScript sources (not tests) under services/*\/src, bots/*\/src and libs/*\/src. */
function sources(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (/\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name)) found.push(path);
    }
  };
  for (const group of ['services', 'bots', 'libs'])
    for (const pkg of readdirSync(join(ROOT, group), { withFileTypes: true }))
      if (pkg.isDirectory()) {
        const src = join(ROOT, group, pkg.name, 'src');
        try {
          walk(src);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
  return found;
}

describe('whole answers in one batch', () => {
  it('finds the reads that may come in several batches, and only those', () => {
    const source = `
      const SMALL = 20;
      const LARGE = 200;
      async function reads(c: any, id: string, n: number) {
        await c.find({ region }).toArray();
        await c.find({ region }, { projection: HIDDEN }).sort({ at: -1 }).limit(n).toArray();
        await c.find({ region }).limit(500).toArray();
        await c.find({ region }).limit(LARGE).toArray();
        await c.aggregate([{ $match: { region } }]).toArray();
        const cursor = c.find({ month });
        for await (const doc of cursor) use(doc);
        await cursor.toArray();

        await c.find({ region }, WHOLE_ANSWER).toArray();
        await c.find({ region }, { projection: HIDDEN, ...WHOLE_ANSWER }).sort({ at: -1 }).limit(n).toArray();
        await c.aggregate([{ $match: { region } }], WHOLE_ANSWER).toArray();
        await c.find({ region }).limit(101).toArray();
        await c.find({ region }).limit(1).toArray();
        await c.find({ region }).limit(SMALL).toArray();
        await c.find({ _id: id }).toArray();
        await c.find({ _id: new ObjectId(id) }).limit(n).toArray();
        for await (const doc of c.find({ month }, { batchSize: 100_000 })) use(doc);
        for await (const chunk of bucket.openDownloadStream(id)) use(chunk);
        await c.find({ _id: { $in: ids } }, WHOLE_ANSWER).toArray();
        const whole = { projection: HIDDEN, ...WHOLE_ANSWER };
        await c.find({ region }, whole).sort({ at: -1 }).limit(n).toArray();
        [1, 2].find((x) => x > 1);
      }
      async function unbounded(c: any, ids: string[]) {
        await c.find({ _id: { $in: ids } }).toArray();
        const some = { projection: HIDDEN };
        await c.find({ region }, some).toArray();
      }`;
    expect(readsInBatches('example.ts', source).map((o) => Number(o.split(':')[0]))).toEqual([
      5, 6, 7, 8, 9, 11, 12, 30, 32,
    ]);
  });

  it('holds for every read of the services, bots and libs', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(100);
    const offences = files.flatMap((path) => {
      const source = readFileSync(path, 'utf8');
      // Only files that read (parsing every source would take seconds).
      if (!/\.(find|aggregate)\(/.test(source) || !/toArray|for await/.test(source)) return [];
      return readsInBatches(path, source).map((o) => `${relative(ROOT, path)}:${o}`);
    });
    expect(offences).toEqual([]);
  });
});
