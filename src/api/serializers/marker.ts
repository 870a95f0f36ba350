import type { Marker } from "../../domain/api/markers.ts";

/** Mastodon's Marker entity, keyed by timeline: `{"home": {"last_read_id": …}}`. */
export interface MastodonMarker {
  last_read_id: string;
  version: number;
  updated_at: string;
}

export function serializeMarkers(markers: readonly Marker[]): Record<string, MastodonMarker> {
  return Object.fromEntries(
    markers.map((marker) => [
      marker.timeline,
      {
        last_read_id: marker.lastReadId,
        version: marker.version,
        updated_at: marker.updatedAt.toISOString(),
      },
    ]),
  );
}
