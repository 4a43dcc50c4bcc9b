export const breakpoints = { md: 768 };
