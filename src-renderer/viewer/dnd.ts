/** Tree items carry a stream id under this type when dragged onto a chart. */
export const STREAM_MIME = 'application/x-tributary-stream';
