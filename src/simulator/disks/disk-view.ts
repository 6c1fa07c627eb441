import { diskInterfaceName, type DiskGeneration, type DiskInterface } from '../../dbus/index.js';
import { createExportedInterface, type ExportedInterface } from '../../dbus/index.js';
import type { ObjectTree } from '../../dbus/index.js';
import { StepError } from '../step-error.js';
import { DISK_PROPERTIES } from './disk-properties.js';
import type { DiskStack } from './build-disk-stack.js';
import { celsiusToKelvin } from './disk-values.js';

/**
 * The exported disk stack of one node and the SMART mutators. Each mutator also bumps
 * SmartUpdated, as a real refresh does, so a change arrives as one PropertiesChanged holding the
 * changed value plus SmartUpdated.
 */
export class DiskView {
  private readonly health = new Map<string, { ata?: ExportedInterface; nvme?: ExportedInterface }>();
  private readonly now: () => bigint;

  constructor(options: { readonly tree: ObjectTree; readonly stack: DiskStack; readonly generation: DiskGeneration; readonly now: () => bigint }) {
    this.now = options.now;
    const byPath = new Map<string, ExportedInterface[]>();
    for (const object of options.stack.objects) {
      const interfaces = Object.entries(object.interfaces).map(([key, values]) => {
        const iface = key as DiskInterface;
        const name = diskInterfaceName(options.generation, iface);
        return createExportedInterface({ name, properties: DISK_PROPERTIES[iface] }, values ?? {});
      });
      byPath.set(object.path, interfaces);
      options.tree.add(object.path, interfaces);
    }
    const ataName = diskInterfaceName(options.generation, 'driveAta');
    const nvmeName = diskInterfaceName(options.generation, 'nvmeController');
    for (const [device, path] of options.stack.drivePaths) {
      const interfaces = byPath.get(path) ?? [];
      const ata = interfaces.find((iface) => iface.spec.name === ataName);
      const nvme = interfaces.find((iface) => iface.spec.name === nvmeName);
      this.health.set(device, { ...(ata === undefined ? {} : { ata }), ...(nvme === undefined ? {} : { nvme }) });
    }
  }

  /** Drive.Ata: SmartFailing. NVMe has no SmartFailing; failing sets SmartCriticalWarning ['spare'] (healthy = []). */
  setSmartFailing(device: string, failing: boolean): void {
    const { ata, nvme } = this.drive(device);
    if (ata !== undefined) ata.update({ SmartFailing: failing, SmartUpdated: this.now() });
    else nvme?.update({ SmartCriticalWarning: failing ? ['spare'] : [], SmartUpdated: this.now() });
  }

  /** Drive.Ata SmartTemperature is a double in Kelvin; NVMe's is a uint16 in Kelvin. */
  setTemperature(device: string, celsius: number): void {
    const { ata, nvme } = this.drive(device);
    if (ata !== undefined) ata.update({ SmartTemperature: celsiusToKelvin(celsius), SmartUpdated: this.now() });
    else nvme?.update({ SmartTemperature: Math.round(celsius + 273.15), SmartUpdated: this.now() });
  }

  /** Drive.Ata SmartNumBadSectors (pending + reallocated, -1 unknown). */
  setBadSectors(device: string, count: number): void {
    const { ata } = this.drive(device);
    if (ata === undefined) throw new StepError(`drive ${device} has no Drive.Ata interface`);
    ata.update({ SmartNumBadSectors: BigInt(count), SmartUpdated: this.now() });
  }

  private drive(device: string): { ata?: ExportedInterface; nvme?: ExportedInterface } {
    const drive = this.health.get(device);
    if (drive === undefined || (drive.ata === undefined && drive.nvme === undefined)) {
      throw new StepError(`no drive ${device} with SMART data on this node`);
    }
    return drive;
  }
}
