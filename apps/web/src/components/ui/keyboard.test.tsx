// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DropdownMenu } from './dropdown-menu';
import { Tabs } from './tabs';

afterEach(cleanup);

describe('DropdownMenu', () => {
  function renderMenu(onSelect = vi.fn()) {
    render(
      <DropdownMenu
        label="Actions"
        trigger="Open"
        items={[
          { heading: 'Group' },
          { label: 'First', onSelect },
          { label: 'Disabled', disabled: true },
          'separator',
          { label: 'Last', onSelect },
        ]}
      />,
    );
    return onSelect;
  }

  it('opens from the keyboard, skips disabled items, wraps, and closes on Escape back to the trigger', () => {
    const onSelect = renderMenu();
    const trigger = screen.getByRole('button', { name: 'Actions' });
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    const menu = screen.getByRole('menu', { name: 'Actions' });
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement?.textContent).toBe('First');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Last'); // the disabled item is skipped
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('First'); // wraps
    fireEvent.keyDown(menu, { key: 'End' });
    expect(document.activeElement?.textContent).toBe('Last');
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('runs the chosen item once and closes; a click outside closes without choosing', () => {
    const onSelect = renderMenu();
    const trigger = screen.getByRole('button', { name: 'Actions' });
    fireEvent.click(trigger);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Disabled' }));
    expect(screen.getByRole('menu')).toBeTruthy(); // disabled: nothing happens
    fireEvent.click(screen.getByRole('menuitem', { name: 'Last' }));
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.click(trigger);
    act(() => {
      document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(onSelect).toHaveBeenCalledTimes(1);
  });
});

describe('Tabs', () => {
  function Harness() {
    const [tab, setTab] = useState<'a' | 'b' | 'c'>('a');
    return (
      <Tabs
        label="Sections"
        value={tab}
        onChange={setTab}
        items={[
          { key: 'a', label: 'Alpha' },
          { key: 'b', label: 'Beta' },
          { key: 'c', label: 'Gamma' },
        ]}
      >
        <p>Panel {tab}</p>
      </Tabs>
    );
  }

  it('moves with the arrows (wrapping), keeps one tab in the tab order, and labels the panel', () => {
    render(<Harness />);
    const list = screen.getByRole('tablist', { name: 'Sections' });
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    fireEvent.keyDown(list, { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'Gamma' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement?.textContent).toBe('Gamma');
    fireEvent.keyDown(list, { key: 'Home' });
    expect(screen.getByRole('tabpanel').textContent).toBe('Panel a');
    expect(screen.getByRole('tabpanel', { name: 'Alpha' })).toBeTruthy();
    fireEvent.keyDown(list, { key: 'ArrowRight' });
    expect(screen.getByRole('tabpanel', { name: 'Beta' }).textContent).toBe('Panel b');
  });
});
