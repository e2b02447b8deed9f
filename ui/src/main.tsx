import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App.js';
import './styles.css';

// The router's base is /console/; an address without the slash would match no route.
if (window.location.pathname === '/console') {
  window.history.replaceState(null, '', `/console/${window.location.search}${window.location.hash}`);
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
