// The one export of @endo/module-source the engine uses (its own types are TypeScript sources that
// need Babel's types, which are not installed).
export class ModuleSource {
  constructor(source: string, location?: string);
}
