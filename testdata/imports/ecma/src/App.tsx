export default function App() {
  return <div>app</div>;
}
