/** The recent-files list: most recent first, no duplicates, at most `limit`, kept in a JSON file. */
export interface TextStore {
  read(): string | undefined;
  write(text: string): void;
}

export class RecentFiles {
  private list: string[];

  constructor(
    private readonly store: TextStore,
    private readonly limit = 10,
  ) {
    this.list = RecentFiles.parse(store.read()).slice(0, limit);
  }

  /** A corrupt or foreign file yields an empty list rather than failing the app's start. */
  static parse(text: string | undefined): string[] {
    if (!text) return [];
    try {
      const data = JSON.parse(text) as unknown;
      return Array.isArray(data) ? data.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
    } catch {
      return [];
    }
  }

  get(): string[] {
    return [...this.list];
  }

  add(path: string): string[] {
    this.list = [path, ...this.list.filter((p) => p !== path)].slice(0, this.limit);
    this.store.write(JSON.stringify(this.list));
    return this.get();
  }

  remove(path: string): string[] {
    this.list = this.list.filter((p) => p !== path);
    this.store.write(JSON.stringify(this.list));
    return this.get();
  }
}
