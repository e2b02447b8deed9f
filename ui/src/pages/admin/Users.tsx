import { CheckCircleOutlined, EditOutlined, KeyOutlined, MoreOutlined, PlusOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, type MenuProps, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import {
  AgencySelect,
  formatDateTime,
  LoadError,
  PageTitle,
  PasswordFields,
  SchoolSelect,
  SearchBox,
  UnitSelect,
  useAgencyNames,
  useSchoolNames,
  useUnitNames,
} from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { ROLES } from '../../i18n.js';
import { useLang } from '../../locale.js';
import type { Role, User } from '../../types.js';

interface UserForm {
  username: string;
  displayName: string;
  email?: string;
  password?: string;
  confirm?: string;
  role: Role;
  unitId?: string | null;
  agencyId?: string | null;
  schoolId?: string | null;
}

const ROLE_COLOR: Record<Role, string> = {
  system_admin: 'red',
  city_leader: 'purple',
  intake_officer: 'cyan',
  case_worker: 'blue',
  agency_officer: 'geekblue',
  analyst: 'gold',
  school_admin: 'green',
};

/** Which attachments a role carries: a case worker sits in a ward/commune or an agency. */
const needs = (role: Role | undefined) => ({
  unit: role === 'case_worker',
  agency: role === 'case_worker' || role === 'agency_officer',
  school: role === 'school_admin',
});

export default function Users() {
  const { t } = useLang();
  const me = useMe();
  const { message, modal } = App.useApp();
  const list = usePagedList<User, { q?: string; role?: Role }>('/users', {});
  const unitName = useUnitNames();
  const agencyName = useAgencyNames();
  const schoolName = useSchoolNames(list.items.map((u) => u.schoolId));
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const patch = async (u: User, body: Record<string, unknown>, done: string) => {
    try {
      await api.patch<User>(`/users/${encodeURIComponent(u.id)}`, body);
      void message.success(done);
      list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const save = async (v: UserForm) => {
    const n = needs(v.role);
    const attach = {
      unitId: n.unit ? (v.unitId ?? null) : null,
      agencyId: n.agency ? (v.agencyId ?? null) : null,
      schoolId: n.school ? (v.schoolId ?? null) : null,
    };
    const email = v.email?.trim() || null;
    if (editing === 'new') {
      // Creation leaves unset attachments out rather than sending nulls.
      const body: Record<string, unknown> = { username: v.username.trim(), displayName: v.displayName.trim(), password: v.password, role: v.role };
      if (email) body.email = email;
      for (const [k, val] of Object.entries(attach)) if (val) body[k] = val;
      await api.post<User>('/users', body);
    } else if (editing) {
      await api.patch<User>(`/users/${encodeURIComponent(editing.id)}`, { displayName: v.displayName.trim(), email, role: v.role, ...attach });
    }
    setEditing(null);
    list.reload();
    void message.success(t.common.saved);
  };

  const scopeOf = (u: User) =>
    [u.unitId ? unitName(u.unitId) : null, u.agencyId ? agencyName(u.agencyId) : null, u.schoolId ? schoolName(u.schoolId) : null]
      .filter(Boolean)
      .join(' · ') || t.common.none;

  const columns: ColumnsType<User> = [
    { title: t.users.username, dataIndex: 'username' },
    {
      title: t.users.displayName,
      dataIndex: 'displayName',
      render: (n: string, u) => (
        <>
          <div>{n}</div>
          {u.email ? <div className="muted">{u.email}</div> : null}
        </>
      ),
    },
    { title: t.users.role, dataIndex: 'role', render: (r: Role) => <Tag color={ROLE_COLOR[r]}>{t.roles[r] ?? r}</Tag> },
    { title: t.users.scope, key: 'scope', render: (_, u) => scopeOf(u) },
    {
      title: t.common.status,
      key: 'status',
      render: (_, u) => (
        <>
          {u.disabled ? <Tag>{t.users.disabled}</Tag> : u.locked ? <Tag color="red">{t.users.locked}</Tag> : <Tag color="green">{t.users.active}</Tag>}
          {u.totpEnabled ? <Tag color="blue">{t.users.totp}</Tag> : null}
        </>
      ),
    },
    { title: t.users.lastLogin, dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? formatDateTime(v) : t.users.never) },
    {
      title: t.common.actions,
      key: 'actions',
      render: (_, u) => {
        const more: NonNullable<MenuProps['items']> = [{ key: 'reset', icon: <KeyOutlined />, label: t.users.resetPassword }];
        if (u.locked) more.push({ key: 'unlock', icon: <UnlockOutlined />, label: t.users.unlock });
        if (u.id !== me.id) {
          more.push(
            u.disabled
              ? { key: 'enable', icon: <CheckCircleOutlined />, label: t.users.enable }
              : { key: 'disable', icon: <StopOutlined />, label: t.users.disable, danger: true },
          );
        }
        const onMore: MenuProps['onClick'] = ({ key }) => {
          if (key === 'reset') setResetting(u);
          else if (key === 'unlock') void patch(u, { unlock: true }, t.users.unlocked);
          else if (key === 'enable') void patch(u, { disabled: false }, t.common.saved);
          else if (key === 'disable') {
            void modal.confirm({
              title: t.users.disableConfirm(u.displayName),
              okText: t.users.disable,
              okButtonProps: { danger: true },
              cancelText: t.common.cancel,
              onOk: () => patch(u, { disabled: true }, t.common.saved),
            });
          }
        };
        return (
          <Space size={4}>
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} aria-label={`${t.common.edit}: ${u.username}`}>
              {t.common.edit}
            </Button>
            <Dropdown menu={{ items: more, onClick: onMore }} trigger={['click']}>
              <Button size="small" icon={<MoreOutlined />} aria-label={`${t.users.more}: ${u.username}`} />
            </Dropdown>
          </Space>
        );
      },
    },
  ];

  const isNew = editing === 'new';
  const initial: Partial<UserForm> = editing && editing !== 'new' ? { ...editing, email: editing.email ?? undefined } : { role: 'intake_officer' };

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t.users.create}
          </Button>
        }
      >
        {t.users.title}
      </PageTitle>
      <search className="filters" aria-label={t.common.filters}>
        <Select<Role>
          aria-label={t.users.role}
          placeholder={`${t.users.role}: ${t.common.all}`}
          allowClear
          style={{ width: 240 }}
          value={list.filters.role}
          onChange={(role) => list.setFilters({ role })}
          options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))}
        />
        <SearchBox onSearch={(q) => list.setFilters({ q })} />
      </search>
      <LoadError error={list.error} onRetry={list.reload} />
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
      />
      <FormModal<UserForm>
        open={editing !== null}
        title={isNew ? t.users.create : editing ? t.users.editTitle(editing.displayName) : ''}
        initialValues={initial}
        onCancel={() => setEditing(null)}
        onSubmit={save}
        width={620}
      >
        {() => (
          <>
            <Form.Item
              name="username"
              label={t.users.username}
              extra={isNew ? t.users.usernameFormat : undefined}
              rules={[
                { required: true, message: t.common.required(t.users.username) },
                { pattern: /^[A-Za-z0-9._-]{3,64}$/, message: t.users.usernameFormat },
              ]}
            >
              <Input autoComplete="off" disabled={!isNew} maxLength={64} />
            </Form.Item>
            <Form.Item
              name="displayName"
              label={t.users.displayName}
              rules={[{ required: true, whitespace: true, message: t.common.required(t.users.displayName) }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="email" label={t.users.email} rules={[{ type: 'email', message: t.common.invalidEmail }]}>
              <Input type="email" maxLength={254} />
            </Form.Item>
            {isNew ? <PasswordFields label={t.users.password} /> : null}
            <Form.Item name="role" label={t.users.role} rules={[{ required: true, message: t.common.requiredSelect(t.users.role) }]}>
              <Select options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))} />
            </Form.Item>
            <Form.Item noStyle dependencies={['role', 'unitId', 'agencyId']}>
              {({ getFieldValue }) => {
                const role = getFieldValue('role') as Role | undefined;
                const n = needs(role);
                const eitherOr = role === 'case_worker';
                return (
                  <>
                    {n.unit ? (
                      <Form.Item
                        name="unitId"
                        label={t.units.unit}
                        dependencies={['agencyId']}
                        rules={[
                          eitherOr
                            ? {
                                validator: (_, v) => (v || getFieldValue('agencyId') ? Promise.resolve() : Promise.reject(new Error(t.users.unitOrAgency))),
                              }
                            : { required: true, message: t.common.requiredSelect(t.units.unit) },
                        ]}
                      >
                        <UnitSelect kinds={['ward', 'commune']} allowClear />
                      </Form.Item>
                    ) : null}
                    {n.agency ? (
                      <Form.Item
                        name="agencyId"
                        label={t.agencies.agency}
                        extra={eitherOr ? t.users.unitOrAgency : undefined}
                        rules={eitherOr ? [] : [{ required: true, message: t.common.requiredSelect(t.agencies.agency) }]}
                      >
                        <AgencySelect allowClear />
                      </Form.Item>
                    ) : null}
                    {n.school ? (
                      <Form.Item name="schoolId" label={t.schools.school} rules={[{ required: true, message: t.common.requiredSelect(t.schools.school) }]}>
                        <SchoolSelect allowClear />
                      </Form.Item>
                    ) : null}
                  </>
                );
              }}
            </Form.Item>
          </>
        )}
      </FormModal>
      <FormModal<{ password: string; confirm: string }>
        open={resetting !== null}
        title={resetting ? t.users.resetTitle(resetting.displayName) : ''}
        okText={t.users.resetPassword}
        onCancel={() => setResetting(null)}
        onSubmit={async (v) => {
          if (!resetting) return;
          await api.patch<User>(`/users/${encodeURIComponent(resetting.id)}`, { password: v.password });
          setResetting(null);
          void message.success(t.users.passwordReset);
          list.reload();
        }}
      >
        {() => <PasswordFields label={t.account.newPassword} />}
      </FormModal>
    </>
  );
}
