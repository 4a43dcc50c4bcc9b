export declare const breakpoints: { md: number };
