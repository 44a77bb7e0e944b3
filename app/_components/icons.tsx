/** Small inline icons (no icon font, no emoji: they render the same offline on every system). */
import type { SVGProps } from "react";

function Icon({ children, ...props }: SVGProps<SVGSVGElement>) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...props}>
      {children}
    </svg>
  );
}

export const NewFileIcon = () => (
  <Icon>
    <path d="M9 1.75H4.25a1 1 0 0 0-1 1v10.5a1 1 0 0 0 1 1h7.5a1 1 0 0 0 1-1V5.5L9 1.75Z" />
    <path d="M9 1.75V5.5h3.75M8 8v4M6 10h4" />
  </Icon>
);

export const TrashIcon = () => (
  <Icon>
    <path d="M2.75 4h10.5M6.25 4V2.5h3.5V4M4 4l.6 9.25a1 1 0 0 0 1 .95h4.8a1 1 0 0 0 1-.95L12 4M6.75 6.75v4.5M9.25 6.75v4.5" />
  </Icon>
);

export const UploadIcon = () => (
  <Icon>
    <path d="M8 10.5V2.25M4.75 5.5 8 2.25l3.25 3.25M2.5 10.5v2.25a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1V10.5" />
  </Icon>
);

export const DownloadIcon = () => (
  <Icon>
    <path d="M8 2.25v8.25M4.75 7.25 8 10.5l3.25-3.25M2.5 10.5v2.25a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1V10.5" />
  </Icon>
);

export const CloseIcon = () => (
  <Icon width="12" height="12">
    <path d="M4 4l8 8M12 4l-8 8" />
  </Icon>
);

export const CopyFromIcon = () => (
  <Icon>
    <path d="M5.5 5.25V2.75a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H10.5" />
    <rect x="2.5" y="5.25" width="8" height="8.5" rx="1" />
    <path d="M4.75 9.5h3.5M6.75 7.75 8.5 9.5l-1.75 1.75" />
  </Icon>
);

export const SettingsIcon = () => (
  <Icon>
    <circle cx="8" cy="8" r="2.25" />
    <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
  </Icon>
);
