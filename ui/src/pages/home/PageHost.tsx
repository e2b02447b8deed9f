import { App as AntApp } from 'antd';
import { Outlet } from 'react-router-dom';
import { AntdRoot } from '../../antd-root.js';

/**
 * antd's theme and texts (ConfigProvider) and its App context (message, modal, notification:
 * `App.useApp()`) around every console page but the home page. In a chunk of its own, loaded with the
 * first such page: the shell and the home page, drawn with plain HTML, come first on a slow link
 * without any antd code.
 */
export default function PageHost() {
  return (
    <AntdRoot>
      <AntApp>
        <Outlet />
      </AntApp>
    </AntdRoot>
  );
}
