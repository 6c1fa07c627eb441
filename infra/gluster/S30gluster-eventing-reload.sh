#!/bin/sh
# glusterd post-operation hook: asks `gluster-eventing gluster-dbus` to re-read the gluster state.
#
# Install (as root, on every node) into the post/ folder of each operation that changes what the
# exporter shows; glusterd only runs files whose name starts with S:
#   for op in create start stop delete add-brick remove-brick set reset; do
#     install -D -m 0755 S30gluster-eventing-reload.sh /var/lib/glusterd/hooks/1/$op/post/S30gluster-eventing-reload.sh
#   done
# (For an isolated glusterd the folder is <working-directory>/hooks/1/<op>/post/.)
#
# glusterd passes --volname=NAME and more; they are ignored because Reload re-reads everything, as
# storaged's Reload did. No arguments are sent: dbus-send cannot build the a{sv} of Reload(a{sv}),
# so the exporter also accepts Reload(). dbus-send honours DBUS_SYSTEM_BUS_ADDRESS from glusterd's
# environment. A missing or stopped exporter must never fail the gluster operation: always exit 0;
# the exporter's periodic poll catches up.
dbus-send --system --type=method_call --dest=org.storaged.Storaged \
  /org/storaged/Storaged/Manager org.storaged.Storaged.Manager.GlusterFS.Reload >/dev/null 2>&1
exit 0
