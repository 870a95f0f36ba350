/**
 * Whether an EXIF block (as sharp's `metadata().exif` returns it: "Exif\0\0"
 * and a TIFF structure) points at GPS data: IFD0's GPSInfo tag (0x8825).
 * Read only to tell the member that their photo's location was removed.
 */
export function exifHasGps(exif: Uint8Array | undefined): boolean {
  if (!exif || exif.length < 14) return false;
  const view = new DataView(exif.buffer, exif.byteOffset, exif.byteLength);
  const start = String.fromCharCode(...exif.subarray(0, 4)) === "Exif" ? 6 : 0;
  const order = String.fromCharCode(exif[start]!, exif[start + 1]!);
  if (order !== "II" && order !== "MM") return false;
  const little = order === "II";
  try {
    const ifd0 = start + view.getUint32(start + 4, little);
    const count = view.getUint16(ifd0, little);
    for (let i = 0; i < count; i++) {
      const entry = ifd0 + 2 + i * 12;
      if (view.getUint16(entry, little) === 0x8825) return view.getUint32(entry + 8, little) !== 0;
    }
  } catch {
    // A damaged EXIF block: nothing to report (it is dropped all the same).
  }
  return false;
}
