/** Small line icons for the MQTT console (drawn, so they look the same without emoji fonts). */
const PATHS = {
  pause: 'M7 5h3v14H7zM14 5h3v14h-3z',
  play: 'M8 5v14l11-7z',
  duplicate: 'M8 8h11v11H8zM5 5h11v2H7v9H5z',
  speaker: 'M4 9h4l5-4v14l-5-4H4zM16 8.5a5 5 0 0 1 0 7l-1.4-1.4a3 3 0 0 0 0-4.2z',
  speakerOff:
    'M4 9h4l5-4v14l-5-4H4zM15.5 9.5l1.4-1.4L19 10.2l2.1-2.1 1.4 1.4-2.1 2.1 2.1 2.1-1.4 1.4-2.1-2.1-2.1 2.1-1.4-1.4 2.1-2.1z',
} as const;

export const Glyph = ({ name, size = 14 }: { name: keyof typeof PATHS; size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="currentColor" aria-hidden className="mqtt-glyph">
    <path d={PATHS[name]} />
  </svg>
);
