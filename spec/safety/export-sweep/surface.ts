// The public surface of every published entry, read from the TypeScript declarations: exported functions, classes
// and objects of functions, the public methods and setters of every class or interface they expose or return, and
// for each parameter its name, whether it may be left out, and which bad values its declared type already accepts.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { BAD_VALUES, type BadKind } from './bad-values.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** One parameter position of a callable. */
export interface SweptParameter {
  readonly name: string;
  /** Optional, defaulted or rest: `undefined` there is a valid value. */
  readonly optional: boolean;
  /** The bad values its declared type accepts (those are not wrong values here). */
  readonly accepts: ReadonlySet<BadKind>;
  /** The declared type accepts a number (so NaN, Infinity, -1 and 1.5 are wrong shapes, not wrong types). */
  readonly numeric: boolean;
}

/** How the sweep reaches a callable at run time. */
export type Reach =
  | { readonly kind: 'function'; readonly path: readonly string[] }
  | { readonly kind: 'constructor'; readonly path: readonly string[] }
  | { readonly kind: 'method'; readonly owner: string; readonly name: string; readonly setter: boolean };

/** A function, constructor, method or setter of the public surface. */
export interface SweptCallable {
  /** The name samples and the allow-list use: `buildSale`, `new SecretKey`, `Dialect#decode`, `Message#mti=`. */
  readonly id: string;
  readonly reach: Reach;
  readonly parameters: readonly SweptParameter[];
}

/** A class or interface with public methods; `sources` are where the sweep can find an instance without help. */
export interface SweptOwner {
  readonly name: string;
  readonly methods: readonly SweptCallable[];
  /** Runtime paths of exported objects of this type (`['dialects', 'cup']`), per entry. */
  readonly objectPaths: ReadonlyArray<{ readonly entry: string; readonly path: readonly string[] }>;
  /** Ids of callables that return it (a constructor or factory whose sample call yields an instance). */
  readonly producers: readonly string[];
}

/** The surface of one published entry. */
export interface SweptEntry {
  /** The package specifier (`pos8583`, `pos8583/node`…) and its source file. */
  readonly specifier: string;
  readonly source: string;
  readonly callables: readonly SweptCallable[];
}

export interface Surface {
  readonly entries: readonly SweptEntry[];
  readonly owners: ReadonlyMap<string, SweptOwner>;
}

/** The published entries: package.json `exports` mapped to their sources through the tsup config's entry table. */
export function publishedEntries(): Array<{ specifier: string; source: string }> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const tsup = readFileSync(join(ROOT, 'tsup.config.ts'), 'utf8');
  const sources = new Map([...tsup.matchAll(/(\w+): '(src\/[^']+\.ts)'/g)].map((m) => [m[1]!, m[2]!]));
  return Object.keys(pkg.exports)
    .filter((key) => key !== './package.json')
    .map((key) => {
      const out = key === '.' ? 'index' : key.slice(2);
      const source = sources.get(out);
      if (source === undefined) throw new Error(`package.json exports ${key} but tsup.config.ts builds no entry named ${out}`);
      return { specifier: key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`, source };
    });
}

/** Reads the surface of every published entry (about a second and a half of type checking). */
export function readSurface(): Surface {
  const entries = publishedEntries();
  const badValuesFile = join(ROOT, 'spec/safety/export-sweep/bad-values.ts');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    lib: ['lib.es2020.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  // fast-check's declarations are large and nothing swept takes its types: read them as empty (their types are any).
  host.getSourceFile = (file, version, ...rest) =>
    file.includes('/node_modules/fast-check/') ? ts.createSourceFile(file, 'export {};', version) : read(file, version, ...rest);
  const program = ts.createProgram([...entries.map((e) => join(ROOT, e.source)), badValuesFile], options, host);
  const checker = program.getTypeChecker();
  const reader = new SurfaceReader(checker, badValueTypes(checker, program.getSourceFile(badValuesFile)!));

  const swept = entries.map(({ specifier, source }) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, source))!)!;
    const callables: SweptCallable[] = [];
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & ts.SymbolFlags.Value)) continue;
      callables.push(...reader.readValue(specifier, [exported.name], checker.getTypeOfSymbol(symbol)));
    }
    return { specifier, source, callables };
  });
  reader.drainOwners();
  return { entries: swept, owners: reader.owners };
}

function badValueTypes(checker: ts.TypeChecker, file: ts.SourceFile): Map<BadKind, ts.Type> {
  const values = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!).find((s) => s.name === 'BAD_VALUES')!;
  const types = new Map<BadKind, ts.Type>();
  for (const property of checker.getPropertiesOfType(checker.getTypeOfSymbol(values))) {
    // Each kind is a function making the value: its return type is the value's type.
    const [make] = checker.getTypeOfSymbol(property).getCallSignatures();
    if (make !== undefined) types.set(property.name as BadKind, make.getReturnType());
  }
  for (const kind of Object.keys(BAD_VALUES) as BadKind[]) {
    if (!types.has(kind)) throw new Error(`bad-values.ts: no type read for ${kind}`);
  }
  return types;
}

class SurfaceReader {
  readonly owners = new Map<string, SweptOwner & { methods: SweptCallable[]; objectPaths: Array<{ entry: string; path: string[] }>; producers: string[] }>();
  private readonly pending: Array<{ name: string; type: ts.Type }> = [];

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly badTypes: ReadonlyMap<BadKind, ts.Type>,
  ) {}

  /** The callables an exported value offers: itself when callable or constructible, its methods when an object. */
  readValue(entry: string, path: string[], type: ts.Type, depth = 0): SweptCallable[] {
    const out: SweptCallable[] = [];
    const name = path.join('.');
    const calls = type.getCallSignatures();
    const constructs = type.getConstructSignatures();
    if (constructs.length > 0) {
      // A private constructor is no way in: the class's static factories are.
      const open = constructs.filter((c) => c.declaration === undefined || this.isPublicDeclaration(c.declaration));
      if (open.length > 0) {
        const ctor: SweptCallable = { id: `new ${name}`, reach: { kind: 'constructor', path }, parameters: this.parameters(open) };
        out.push(ctor);
        this.noteOwner(open[0]!.getReturnType(), ctor.id);
      } else {
        this.noteOwner(constructs[0]!.getReturnType(), `${name}.*`);
      }
      for (const member of this.checker.getPropertiesOfType(type)) {
        if (member.name === 'prototype' || !this.isPublic(member)) continue;
        const statics = this.checker.getTypeOfSymbol(member).getCallSignatures();
        if (statics.length === 0) continue;
        const fn: SweptCallable = { id: `${name}.${member.name}`, reach: { kind: 'function', path: [...path, member.name] }, parameters: this.parameters(statics) };
        out.push(fn);
        this.noteReturn(statics, fn.id);
      }
    } else if (calls.length > 0) {
      const fn: SweptCallable = { id: name, reach: { kind: 'function', path }, parameters: this.parameters(calls) };
      out.push(fn);
      this.noteReturn(calls, fn.id);
    } else if (depth < 2 && this.isLibraryObject(type)) {
      const owner = this.ownerName(type);
      if (owner !== undefined && this.publicMethods(type).length > 0) {
        this.owner(owner, type).objectPaths.push({ entry, path });
      } else {
        // An anonymous object of values (dialects, lengthHeaders…): its members are swept in their own right.
        for (const property of this.checker.getPropertiesOfType(type)) {
          if (!this.isPublic(property)) continue;
          out.push(...this.readValue(entry, [...path, property.name], this.checker.getTypeOfSymbol(property), depth + 1));
        }
      }
    }
    return out;
  }

  /** Reads the methods of every owner found so far, and of the owners their methods return, until none are new. */
  drainOwners(): void {
    while (this.pending.length > 0) {
      const { name, type } = this.pending.shift()!;
      const owner = this.owners.get(name)!;
      for (const member of this.publicMethods(type)) {
        const declaration = member.valueDeclaration ?? member.declarations?.[0];
        const memberType = this.checker.getTypeOfSymbol(member);
        const setter = member.flags & ts.SymbolFlags.SetAccessor ? member.declarations?.find(ts.isSetAccessorDeclaration) : undefined;
        if (setter !== undefined) {
          const parameter = this.parameter(setter.parameters[0]!, [this.checker.getTypeAtLocation(setter.parameters[0]!)]);
          owner.methods.push({ id: `${name}#${member.name}=`, reach: { kind: 'method', owner: name, name: member.name, setter: true }, parameters: [parameter] });
          continue;
        }
        const calls = memberType.getCallSignatures();
        if (calls.length === 0 || declaration === undefined) continue;
        const method: SweptCallable = { id: `${name}#${member.name}`, reach: { kind: 'method', owner: name, name: member.name, setter: false }, parameters: this.parameters(calls) };
        owner.methods.push(method);
        this.noteReturn(calls, method.id);
      }
    }
  }

  private noteReturn(calls: readonly ts.Signature[], producer: string): void {
    for (const call of calls) this.noteOwner(this.unwrap(call.getReturnType()), producer);
  }

  /** Promise<T> and T[] stand for T: a session's answer and a list of records are owners too. */
  private unwrap(type: ts.Type): ts.Type {
    const symbol = type.getSymbol();
    if (symbol !== undefined && (symbol.name === 'Promise' || symbol.name === 'Array' || symbol.name === 'ReadonlyArray')) {
      const [inner] = this.checker.getTypeArguments(type as ts.TypeReference);
      if (inner !== undefined) return this.unwrap(inner);
    }
    return type;
  }

  private noteOwner(type: ts.Type, producer: string): void {
    const types = type.isUnion() ? type.types : [type];
    for (const t of types) {
      if (!this.isLibraryObject(t)) continue;
      const name = this.ownerName(t);
      if (name === undefined || this.publicMethods(t).length === 0) continue;
      const owner = this.owner(name, t);
      if (!owner.producers.includes(producer)) owner.producers.push(producer);
    }
  }

  private owner(name: string, type: ts.Type) {
    let owner = this.owners.get(name);
    if (owner === undefined) {
      owner = { name, methods: [], objectPaths: [], producers: [] };
      this.owners.set(name, owner);
      this.pending.push({ name, type });
    }
    return owner;
  }

  /** A named class or interface declared in the library's own sources. */
  private ownerName(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol === undefined || symbol.name.startsWith('__')) return undefined;
    return symbol.name;
  }

  private isLibraryObject(type: ts.Type): boolean {
    if (!(type.flags & ts.TypeFlags.Object)) return false;
    const declaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
    if (declaration === undefined) return false;
    const file = relative(ROOT, declaration.getSourceFile().fileName);
    return file.startsWith('src/');
  }

  private publicMethods(type: ts.Type): ts.Symbol[] {
    return this.checker.getPropertiesOfType(type).filter((member) => {
      if (!this.isPublic(member)) return false;
      if (member.flags & ts.SymbolFlags.SetAccessor) return true;
      return this.checker.getTypeOfSymbol(member).getCallSignatures().length > 0 && (member.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Property)) !== 0;
    });
  }

  private isPublic(member: ts.Symbol): boolean {
    if (member.name.startsWith('#') || member.name.startsWith('__@')) return false;
    const declarations = member.declarations ?? [];
    // What a class inherits from the platform (Error.captureStackTrace…) is not the library's to check.
    if (!declarations.some((d) => relative(ROOT, d.getSourceFile().fileName).startsWith('src/'))) return false;
    return declarations.every((declaration) => this.isPublicDeclaration(declaration));
  }

  /** Not private, protected or marked `@internal` in its doc comment. */
  private isPublicDeclaration(declaration: ts.Declaration): boolean {
    if (ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
    return !/@internal\b/.test(ts.getJSDocCommentsAndTags(declaration).map((d) => d.getText()).join(' '));
  }

  /** Parameters by position over every overload: a value is accepted where any overload's type accepts it. */
  private parameters(signatures: readonly ts.Signature[]): SweptParameter[] {
    const longest = Math.max(...signatures.map((s) => s.getParameters().length));
    const out: SweptParameter[] = [];
    for (let i = 0; i < longest; i++) {
      const declarations: ts.ParameterDeclaration[] = [];
      const types: ts.Type[] = [];
      let optionalSomewhere = false;
      for (const signature of signatures) {
        const symbol = signature.getParameters()[i];
        const declaration = symbol?.valueDeclaration;
        if (symbol === undefined || declaration === undefined || !ts.isParameter(declaration)) {
          optionalSomewhere = true;
          continue;
        }
        declarations.push(declaration);
        let type = this.checker.getTypeOfSymbol(symbol);
        if (declaration.dotDotDotToken !== undefined) type = this.checker.getIndexTypeOfType(type, ts.IndexKind.Number) ?? type;
        types.push(type);
      }
      const parameter = this.parameter(declarations[0]!, types);
      out.push(optionalSomewhere ? { ...parameter, optional: true } : parameter);
    }
    return out;
  }

  private parameter(declaration: ts.ParameterDeclaration, types: readonly ts.Type[]): SweptParameter {
    const optional =
      declaration.questionToken !== undefined || declaration.initializer !== undefined || declaration.dotDotDotToken !== undefined;
    const accepts = new Set<BadKind>();
    for (const [kind, badType] of this.badTypes) {
      if (types.some((type) => this.accepts(type, kind, badType))) accepts.add(kind);
    }
    if (optional) accepts.add('undefined');
    const name = ts.isIdentifier(declaration.name) ? declaration.name.text : declaration.name.getText().replace(/\s+/g, ' ');
    const numeric = types.some((type) => this.checker.isTypeAssignableTo(this.checker.getNumberType(), type) && !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)));
    return { name, optional, accepts, numeric };
  }

  private accepts(type: ts.Type, kind: BadKind, badType: ts.Type): boolean {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    // A callback parameter takes a function; what it returns is checked only when it is called.
    if (kind === 'function') return this.members(type).some((t) => t.getCallSignatures().length > 0);
    // An options bag that `{}` satisfies tolerates an object of other properties too, and nothing else of object
    // kind: TypeScript lets an array through to a bag with a `length` option, the library does not.
    if (kind === 'throwing getter' || kind === 'object') return this.checker.isTypeAssignableTo(this.badTypes.get('object')!, type);
    if (badType.flags & ts.TypeFlags.Object) return this.members(type).some((t) => !this.isWeak(t) && this.checker.isTypeAssignableTo(badType, t));
    return this.checker.isTypeAssignableTo(badType, type);
  }

  /** An object type of optional properties only: an options bag. */
  private isWeak(type: ts.Type): boolean {
    if (!(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return false;
    if (this.checker.getIndexInfosOfType(type).length > 0) return false;
    const properties = this.checker.getPropertiesOfType(type);
    return properties.length > 0 && properties.every((p) => (p.flags & ts.SymbolFlags.Optional) !== 0);
  }

  private members(type: ts.Type): readonly ts.Type[] {
    return type.isUnion() ? type.types : [type];
  }
}
