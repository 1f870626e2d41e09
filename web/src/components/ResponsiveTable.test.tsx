import { fireEvent, render, screen, within } from '@testing-library/react';
import { ResponsiveTable } from './ResponsiveTable';

const realMatchMedia = window.matchMedia;
afterEach(() => {
  window.matchMedia = realMatchMedia;
});

/** Media queries answered for a screen `width` px wide (antd's breakpoints read them). */
function screenWidth(width: number) {
  window.matchMedia = (query: string) => {
    const min = /min-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
    const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
    const matches = (!min || width >= Number(min[1])) && (!max || width <= Number(max[1]));
    return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false } as MediaQueryList;
  };
}

interface Row {
  id: string;
  name: string;
  department: string;
  status: string;
  updatedAt: string;
}
const rows: Row[] = [
  { id: 'r1', name: '钱红', department: '龙华区发改局', status: '待审核', updatedAt: '2026-12-03 23:51' },
  { id: 'r2', name: '李明', department: '龙华区财政局', status: '已通过', updatedAt: '2026-12-02 09:05' },
];

function List({ onOpen = () => undefined }: { onOpen?(row: Row): void }) {
  return (
    <ResponsiveTable<Row>
      rowKey="id"
      dataSource={rows}
      pagination={false}
      onRow={(row) => ({ 'data-status': row.status }) as never}
      columns={[
        { title: '姓名', key: 'name', dataIndex: 'name' },
        { title: '单位', key: 'department', dataIndex: 'department' },
        { title: '状态', key: 'status', dataIndex: 'status' },
        { title: '更新时间', key: 'updatedAt', dataIndex: 'updatedAt', responsive: ['md'] },
        { title: '操作', key: 'actions', render: (_, row) => <button onClick={() => onOpen(row)}>查看</button> },
      ]}
    />
  );
}

describe('ResponsiveTable', () => {
  it('on a phone (390 px): a card per row, the first column its title, "label：value" lines, the actions at its foot', () => {
    screenWidth(390);
    const opened: string[] = [];
    render(<List onOpen={(row) => opened.push(row.id)} />);
    expect(document.querySelector('table')).toBeNull();
    const cards = document.querySelectorAll<HTMLElement>('.responsive-cards .ant-card');
    expect(cards).toHaveLength(2);
    const first = cards[0];
    expect(first.querySelector('.ant-card-head-title')?.textContent).toBe('钱红');
    const fields = [...first.querySelectorAll('.responsive-card-field')].map((field) => [field.querySelector('dt')?.textContent, field.querySelector('dd')?.textContent]);
    // 更新时间 is md-and-up in the table, so not on a phone's card either; 操作 is the foot, not a line.
    expect(fields).toEqual([
      ['单位', '龙华区发改局'],
      ['状态', '待审核'],
    ]);
    expect(first.getAttribute('data-status')).toBe('待审核');
    fireEvent.click(within(first.querySelector('.ant-card-actions') as HTMLElement).getByRole('button', { name: '查看' }));
    expect(opened).toEqual(['r1']);
  });

  it('on a desktop (1366 px): a table with every column', () => {
    screenWidth(1366);
    render(<List />);
    expect(document.querySelector('.responsive-cards')).toBeNull();
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['姓名', '单位', '状态', '更新时间', '操作']);
    expect(screen.getByText('钱红').closest('tr')?.getAttribute('data-status')).toBe('待审核');
  });

  it('is a table where no media query answers (jsdom’s default, and before the first measurement)', () => {
    render(<List />);
    expect(document.querySelector('table')).not.toBeNull();
  });
});
