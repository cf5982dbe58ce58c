import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Input, Popconfirm, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, runAdminAction } from '../../../api/fleet';
import type { AdminAction, Circuit } from '../../../api/types';
import { STRINGS } from '../../../constants/strings';
import { FLEET_QUERY_KEY, applyCircuit, type FleetView } from '../../../hooks/fleetCache';
import { setAdminToken, useAdminToken } from '../../../hooks/useAdminToken';

const ACTIONS: AdminAction[] = ['force-open', 'force-closed', 'disable', 'reset'];
const DANGEROUS: ReadonlySet<AdminAction> = new Set(['force-open', 'disable']);

export function AdminActions({ circuit }: { circuit: string }) {
  const token = useAdminToken();
  const [draft, setDraft] = useState('');
  const [reason, setReason] = useState('');
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  const mutation = useMutation({
    mutationFn: (action: AdminAction) => runAdminAction(circuit, action, token, reason.trim() || undefined),
    onSuccess: (updated: Circuit, action) => {
      queryClient.setQueryData<FleetView>(FLEET_QUERY_KEY, (prev) => applyCircuit(prev, updated, Date.now()));
      message.success(`${STRINGS.admin.done(STRINGS.admin.labels[action], circuit)} ${updated.state}`);
      setReason('');
    },
    onError: (error: Error) => {
      if (error instanceof ApiError && error.status === 401) {
        setAdminToken('');
        message.error(STRINGS.admin.unauthorized);
      } else if (error instanceof ApiError && error.status === 403) {
        message.error(STRINGS.admin.disabled);
      } else {
        message.error(`${STRINGS.admin.failed}: ${error.message}`);
      }
    },
  });

  if (!token) {
    return (
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{STRINGS.admin.tokenHelp}</Typography.Text>
        <Space.Compact style={{ maxWidth: 420 }}>
          <Input.Password
            aria-label={STRINGS.admin.tokenPrompt}
            placeholder={STRINGS.admin.tokenPlaceholder}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onPressEnter={() => draft.trim() && (setAdminToken(draft), setDraft(''))}
            autoComplete="off"
          />
          <Button
            type="primary"
            disabled={!draft.trim()}
            onClick={() => {
              setAdminToken(draft);
              setDraft('');
              message.info(STRINGS.admin.tokenSet);
            }}
          >
            {STRINGS.admin.setToken}
          </Button>
        </Space.Compact>
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      <Input
        placeholder={STRINGS.admin.reasonPlaceholder}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={200}
        style={{ maxWidth: 520 }}
      />
      <Flex gap={8} wrap align="center">
        {ACTIONS.map((action) => (
          <Popconfirm
            key={action}
            title={STRINGS.admin.confirm(STRINGS.admin.labels[action], circuit)}
            description={STRINGS.admin.hints[action]}
            onConfirm={() => mutation.mutate(action)}
          >
            <Tooltip title={STRINGS.admin.hints[action]}>
              <Button
                danger={DANGEROUS.has(action)}
                type={action === 'reset' ? 'primary' : 'default'}
                loading={mutation.isPending && mutation.variables === action}
                data-testid={`admin-${action}`}
              >
                {STRINGS.admin.labels[action]}
              </Button>
            </Tooltip>
          </Popconfirm>
        ))}
        <Button type="link" onClick={() => setAdminToken('')}>
          {STRINGS.admin.forgetToken}
        </Button>
      </Flex>
    </Flex>
  );
}
