/** Cuts text into pieces of at most `size` code points, so no surrogate pair is split. */
export function pieces(text: string, size: number): string[] {
  const points = Array.from(text);
  const result: string[] = [];
  for (let start = 0; start < points.length; start += size) {
    result.push(points.slice(start, start + size).join(''));
  }
  return result;
}
