const PATHS = {
  device:
    'M7 2h10a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm0 2v14h10V4H7zm4 15.5a1 1 0 1 0 2 0 1 1 0 0 0-2 0z',
  cloud:
    'M6.5 19a4.5 4.5 0 0 1-.6-8.96A6 6 0 0 1 17.6 8.2 5 5 0 0 1 17.5 19h-11zm0-2h11a3 3 0 0 0 .2-6l-1.2-.1-.3-1.1a4 4 0 0 0-7.8.5l-.2 1.1-1.1.2A2.5 2.5 0 0 0 6.5 17z',
  mqtt: 'M4 4h2a14 14 0 0 1 14 14v2h-2v-2A12 12 0 0 0 6 6H4V4zm0 5h2a9 9 0 0 1 9 9v2h-2v-2a7 7 0 0 0-7-7H4V9zm0 5h2a4 4 0 0 1 4 4v2H8v-2a2 2 0 0 0-2-2H4v-2z',
  refresh:
    'M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 1 0 7.75 10h-2.08A6 6 0 1 1 12 6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z',
  sun: 'M12 7a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0-5 1 3h-2l1-3zm0 20-1-3h2l-1 3zM2 12l3-1v2l-3-1zm20 0-3 1v-2l3 1z',
  moon: 'M12.3 2a9 9 0 1 0 9.7 11.2A7 7 0 0 1 12.3 2z',
  globe:
    'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.9 6h-3a15.7 15.7 0 0 0-1.4-3.6A8 8 0 0 1 18.9 8zM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.5 1.1-2.8 1.9-4zM4.3 14a8.2 8.2 0 0 1 0-4h3.4a16 16 0 0 0 0 4H4.3zm.8 2h3a15.7 15.7 0 0 0 1.4 3.6A8 8 0 0 1 5.1 16zm3-8h-3a8 8 0 0 1 4.4-3.6C8.9 5.5 8.4 6.7 8.1 8zM12 20c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.5-1.1 2.8-1.9 4zm2.3-6H9.7a14 14 0 0 1 0-4h4.6a14 14 0 0 1 0 4zm.2 5.6c.6-1.1 1.1-2.3 1.4-3.6h3a8 8 0 0 1-4.4 3.6zm1.8-5.6a16 16 0 0 0 0-4h3.4a8.2 8.2 0 0 1 0 4h-3.4z',
} as const;

type IconName = keyof typeof PATHS;

export const Icon = ({ name, size = 20, title }: { name: IconName; size?: number; title?: string }) => (
  <svg
    width={size}
    height={size}
    viewBox="0 0 24 24"
    fill="currentColor"
    aria-hidden={title ? undefined : true}
    role={title ? 'img' : undefined}
  >
    {title ? <title>{title}</title> : null}
    <path d={PATHS[name]} />
  </svg>
);
