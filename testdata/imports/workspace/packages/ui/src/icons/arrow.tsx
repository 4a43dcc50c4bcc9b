export const Arrow = () => <svg />;
