import { createHash } from "node:crypto";
import type { Sample } from "../types.js";

/**
 * Shard `index` of `count` of one benchmark's samples. Every question about one image lands in
 * the same shard (servers' prefix and image caches keep hitting); images are dealt largest
 * group first to the shard with the fewest questions so far (ties: the lower shard; images of
 * one size in the order of a hash of their name), so counts differ by at most the largest group
 * and the result depends only on the sample set, never on load order or machine.
 */
export function shardSamples(samples: readonly Sample[], index: number, count: number): Sample[] {
  if (count === 1) return [...samples];
  const groups = new Map<string, Sample[]>();
  for (const sample of samples) {
    const key = sample.images.length > 0 ? sample.images.map(baseKey).join("\n") : `id:${sample.id}`;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(sample);
  }
  const ordered = [...groups.entries()]
    .map(([key, members]) => ({ members, hash: createHash("sha256").update(key).digest("hex") }))
    .sort((a, b) => b.members.length - a.members.length || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  const load = new Array<number>(count).fill(0);
  const mine = new Set<Sample>();
  for (const { members } of ordered) {
    let least = 0;
    for (let k = 1; k < count; k++) if (load[k]! < load[least]!) least = k;
    load[least]! += members.length;
    if (least === index) for (const sample of members) mine.add(sample);
  }
  return samples.filter((sample) => mine.has(sample));
}

/** An image's name without its folder, so shards on machines with the data in different places agree. */
function baseKey(image: string): string {
  return image.split(/[\\/]/).pop() ?? image;
}
