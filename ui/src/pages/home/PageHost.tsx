import { App as AntApp } from 'antd';
import { Outlet } from 'react-router-dom';

/**
 * antd's App context (message, modal, notification: `App.useApp()`) around every console page but the
 * home page. In a chunk of its own, loaded with the first such page: the home page, drawn with plain
 * HTML, comes first on a slow link without that code.
 */
export default function PageHost() {
  return (
    <AntApp>
      <Outlet />
    </AntApp>
  );
}
