import { describe, expect, it } from 'vitest';
import { RecentFiles, type TextStore } from '../../src/main/recent-files.js';

function memory(initial?: string): TextStore & { text?: string } {
  const store = { text: initial, read: () => store.text, write: (t: string) => void (store.text = t) };
  return store;
}

describe('recent files', () => {
  it('keeps the most recent first, without duplicates, and persists every change', () => {
    const store = memory();
    const recent = new RecentFiles(store, 3);
    recent.add('/a.cir');
    recent.add('/b.cir');
    expect(recent.add('/a.cir')).toEqual(['/a.cir', '/b.cir']);
    expect(JSON.parse(store.text!)).toEqual(['/a.cir', '/b.cir']);
    recent.add('/c.cir');
    expect(recent.add('/d.cir')).toEqual(['/d.cir', '/c.cir', '/a.cir']);
    expect(recent.remove('/c.cir')).toEqual(['/d.cir', '/a.cir']);
    // A new instance reads what the last one wrote.
    expect(new RecentFiles(store, 3).get()).toEqual(['/d.cir', '/a.cir']);
  });

  it('starts empty from a missing, corrupt or foreign file', () => {
    expect(new RecentFiles(memory()).get()).toEqual([]);
    expect(new RecentFiles(memory('{not json')).get()).toEqual([]);
    expect(new RecentFiles(memory('{"a": 1}')).get()).toEqual([]);
    expect(new RecentFiles(memory('["/x.cir", 3, "", null]')).get()).toEqual(['/x.cir']);
  });
});
